package dev.eksrole.noderole;

import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;

/** The AWS managed policies the node-role rules care about. */
public enum ManagedPolicy {
    WORKER_NODE("AmazonEKSWorkerNodePolicy"),
    /** What EKS Auto Mode nodes need instead of the full worker policy (rule 9). */
    WORKER_NODE_MINIMAL("AmazonEKSWorkerNodeMinimalPolicy"),
    ECR_READ_ONLY("AmazonEC2ContainerRegistryReadOnly"),
    ECR_PULL_ONLY("AmazonEC2ContainerRegistryPullOnly"),
    CNI("AmazonEKS_CNI_Policy");

    private final String policyName;

    ManagedPolicy(String policyName) {
        this.policyName = policyName;
    }

    public String policyName() {
        return policyName;
    }

    /** The exact ARN in a partition; a customer-managed policy of the same name has another ARN. */
    public String arn(Partition partition) {
        return partition.managedPolicyArn(policyName);
    }

    /** Whether this policy, by its exact ARN in the partition, is among a role's attached policies. */
    public boolean isAmong(Collection<String> attachedPolicyArns, Partition partition) {
        return attachedPolicyArns.contains(arn(partition));
    }

    public static Optional<ManagedPolicy> fromName(String name) {
        return Arrays.stream(values()).filter(p -> p.policyName.equalsIgnoreCase(name)).findFirst();
    }
}
