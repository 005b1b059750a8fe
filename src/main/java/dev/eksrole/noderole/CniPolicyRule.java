package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Rule 4: AWS recommends giving AmazonEKS_CNI_Policy to a role of the {@code aws-node} service
 * account rather than to the node role
 * (https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html). The finding records whether
 * such a role exists, because only then is detaching it from the node role safe.
 */
public final class CniPolicyRule implements Rule {

    static final String NOT_ON_NODE_ROLE = "AmazonEKS_CNI_Policy is not on the node role";

    private final AwsNodeRoleFinder awsNodeRoles;

    public CniPolicyRule(AwsNodeRoleFinder awsNodeRoles) {
        this.awsNodeRoles = requireNonNull(awsNodeRoles, "awsNodeRoles");
    }

    @Override
    public List<RuleResult> evaluate(AccountFacts facts) {
        return facts.iam().nodeRoles().stream().map(role -> evaluate(role, facts)).toList();
    }

    private RuleResult evaluate(NodeRole role, AccountFacts facts) {
        if (!ManagedPolicy.CNI.isAmong(role.attachedPolicyArns(), facts.partition())) {
            return RuleResult.pass(role.subject(), NOT_ON_NODE_ROLE);
        }
        // another role that carries the policy and lets aws-node in; the node role itself does not count
        String awsNodeRole = awsNodeRoles
                .find(facts.iam().roles().stream()
                        .filter(r -> facts.iam().cniHolders().contains(r.name()) && !r.name().equals(role.name()))
                        .toList())
                .map(IamRole::name)
                .orElse(null);
        Finding finding = new Finding.CniPolicyOnNodeRole(awsNodeRole);
        return RuleResult.fail(role.subject(), finding, finding.detail());
    }
}
