package dev.eksrole.noderole;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Rule 3: a node role needs AmazonEKSWorkerNodePolicy and AmazonEC2ContainerRegistryReadOnly (or the
 * narrower PullOnly), matched by the exact ARN of the account's partition, so a customer-managed copy
 * with the same name does not count. Two results per role: the worker policy, then the ECR policy. A role
 * only Auto Mode uses is judged by {@link AutoModePoliciesRule} instead.
 */
public final class RequiredPoliciesRule implements Rule {

    @Override
    public List<RuleResult> evaluate(AccountFacts facts) {
        Partition partition = facts.partition();
        List<RuleResult> results = new ArrayList<>();
        for (NodeRole role : facts.iam().nodeRoles()) {
            if (role.use().autoModeOnly()) {
                continue;
            }
            List<String> attached = role.attachedPolicyArns();
            results.add(ManagedPolicy.WORKER_NODE.isAmong(attached, partition)
                    ? RuleResult.pass(role.subject(), ManagedPolicy.WORKER_NODE.policyName() + " attached")
                    : missing(role, ManagedPolicy.WORKER_NODE, partition));
            results.add(hasEcrPolicy(attached, partition)
                    ? RuleResult.pass(role.subject(), shownEcrPolicy(attached) + " attached")
                    : missing(role, ManagedPolicy.ECR_READ_ONLY, partition));
        }
        return results;
    }

    /** Whether ReadOnly or PullOnly is attached; the reading confirms a role that has neither before a fix is offered. */
    static boolean hasEcrPolicy(Collection<String> attachedPolicyArns, Partition partition) {
        return ManagedPolicy.ECR_READ_ONLY.isAmong(attachedPolicyArns, partition)
                || ManagedPolicy.ECR_PULL_ONLY.isAmong(attachedPolicyArns, partition);
    }

    /** The ECR policy a passing role's line names: the first attached one called ReadOnly or PullOnly. */
    static String shownEcrPolicy(List<String> attachedPolicyArns) {
        return attachedPolicyArns.stream()
                .map(arn -> arn.substring(arn.lastIndexOf('/') + 1))
                .filter(name -> name.equals(ManagedPolicy.ECR_READ_ONLY.policyName()) || name.equals(ManagedPolicy.ECR_PULL_ONLY.policyName()))
                .findFirst()
                .orElse(ManagedPolicy.ECR_READ_ONLY.policyName());
    }

    static RuleResult missing(NodeRole role, ManagedPolicy policy, Partition partition) {
        return RuleResult.fail(role.subject(), new Finding.MissingPolicy(policy, policy.arn(partition)),
                policy.policyName() + " is not attached");
    }
}
