package dev.eksrole.noderole;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Rule 3: a node role needs AmazonEKSWorkerNodePolicy and AmazonEC2ContainerRegistryReadOnly (or the
 * narrower PullOnly), matched by the exact ARN of the account's partition, so a customer-managed copy
 * with the same name does not count.
 */
public final class RequiredPoliciesRule {

    public List<Finding> evaluate(Collection<String> attachedPolicyArns, Partition partition) {
        List<Finding> findings = new ArrayList<>();
        if (!attachedPolicyArns.contains(ManagedPolicy.WORKER_NODE.arn(partition))) {
            findings.add(missing(ManagedPolicy.WORKER_NODE, partition));
        }
        if (!attachedPolicyArns.contains(ManagedPolicy.ECR_READ_ONLY.arn(partition))
                && !attachedPolicyArns.contains(ManagedPolicy.ECR_PULL_ONLY.arn(partition))) {
            findings.add(missing(ManagedPolicy.ECR_READ_ONLY, partition));
        }
        return findings;
    }

    private static Finding missing(ManagedPolicy policy, Partition partition) {
        return new Finding.MissingPolicy(policy, policy.arn(partition));
    }
}
