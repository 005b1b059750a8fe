package dev.eksrole.noderole;

import java.util.Collection;
import java.util.Optional;

/**
 * Rule 4: AWS recommends giving AmazonEKS_CNI_Policy to a role of the {@code aws-node} service
 * account rather than to the node role
 * (https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html). The finding records whether
 * such a role exists, because only then is detaching it from the node role safe.
 */
public final class CniPolicyRule {

    public boolean applies(Collection<String> attachedPolicyArns, Partition partition) {
        return attachedPolicyArns.contains(ManagedPolicy.CNI.arn(partition));
    }

    /** @param awsNodeRoleName the role serving aws-node, or {@code null} when the account has none */
    public Optional<Finding> evaluate(Collection<String> attachedPolicyArns, Partition partition, String awsNodeRoleName) {
        if (!applies(attachedPolicyArns, partition)) {
            return Optional.empty();
        }
        return Optional.of(new Finding.CniPolicyOnNodeRole(awsNodeRoleName));
    }
}
