package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The findings of rules 7-12, why nodes will not join a cluster, and of the EKS reads they rest on. They
 * belong to {@link Finding}'s closed set like the others; they live here only to keep one file readable.
 */
public final class ClusterFindings {

    private ClusterFindings() {}

    static final String CHECK_POLICY = "config/iam/access-role-check-policy.json";

    /**
     * Rule 7: no instance profile holds the node role, so self-managed nodes cannot be launched with it
     * (EC2 takes a role only through an instance profile).
     */
    public record NoInstanceProfile(String roleName) implements Finding {
        public NoInstanceProfile {
            requireNonNull(roleName, "roleName");
        }

        @Override
        public FindingCode code() {
            return FindingCode.NO_INSTANCE_PROFILE;
        }

        @Override
        public String detail() {
            return "no instance profile holds " + roleName;
        }

        @Override
        public String nextStep() {
            return "Create the instance profile " + roleName + " and add the role to it, as the console does for an EC2 role; "
                    + "self-managed nodes launch with an instance profile, not a role.";
        }
    }

    /**
     * An EKS read the cluster rules need failed after retries, or its answer was not the operation's.
     *
     * @param cluster the cluster it concerns, or {@code null} for a region's listing
     */
    public record EksReadFailed(String action, String errorCode, String message, String region, String cluster) implements Finding {
        public EksReadFailed {
            requireNonNull(action, "action");
            requireNonNull(errorCode, "errorCode");
            requireNonNull(region, "region");
        }

        @Override
        public FindingCode code() {
            return FindingCode.EKS_READ_FAILED;
        }

        public boolean denied() {
            return errorCode.equals("AccessDeniedException") || errorCode.equals("AccessDenied");
        }

        @Override
        public String detail() {
            String where = (cluster == null ? "" : " on cluster " + cluster) + " in " + region;
            String said = message == null ? "" : ": " + message;
            return denied() ? "eks:" + action + " denied" + where + said
                    : "eks:" + action + " failed" + where + ": " + errorCode + (message == null ? "" : " (" + message + ")");
        }

        @Override
        public String nextStep() {
            if (denied()) {
                return "Allow eks:" + action + " in the access role (" + CHECK_POLICY + " has the policy), then check again.";
            }
            if (errorCode.equals(Finding.IamReadFailed.TIMEOUT)) {
                return "Nothing was concluded about " + (cluster == null ? "the region's clusters" : "this cluster")
                        + ". Check again; if EKS stays this slow, raise checkDeadline in the config or look at the network "
                        + "between eksrole and EKS (AWS_ENDPOINT_URL_EKS).";
            }
            return "Nothing was concluded about " + (cluster == null ? "the region's clusters" : "this cluster")
                    + ". Check again in a minute; if it persists, look at the EKS service health in " + region + ".";
        }
    }

    /**
     * Rule 8: a role a cluster uses for nodes does not exist.
     *
     * @param nodegroup the managed node group that names it, or {@code null} for Auto Mode's role
     */
    public record ClusterNodeRoleMissing(String roleArn, String cluster, String nodegroup) implements Finding {
        public ClusterNodeRoleMissing {
            requireNonNull(roleArn, "roleArn");
            requireNonNull(cluster, "cluster");
        }

        @Override
        public FindingCode code() {
            return FindingCode.CLUSTER_NODE_ROLE_MISSING;
        }

        public boolean autoMode() {
            return nodegroup == null;
        }

        @Override
        public String detail() {
            return (autoMode() ? "Auto Mode" : "node group " + nodegroup) + " uses " + roleArn + ", which does not exist";
        }

        @Override
        public String nextStep() {
            return "Create the role " + RoleArn.nameOf(roleArn) + " again (same name and path, EC2 trust, "
                    + (autoMode() ? "AmazonEKSWorkerNodeMinimalPolicy and AmazonEC2ContainerRegistryPullOnly"
                            : "AmazonEKSWorkerNodePolicy and AmazonEC2ContainerRegistryReadOnly")
                    + ", an instance profile), or give the cluster a node role that exists.";
        }
    }

    /** Rule 10, authentication mode {@code API}: the role in use has no access entry, so its nodes are refused. */
    public record NodeRoleNotMapped(String roleArn, String cluster, String entryType) implements Finding {
        public NodeRoleNotMapped {
            requireNonNull(roleArn, "roleArn");
            requireNonNull(entryType, "entryType");
        }

        @Override
        public FindingCode code() {
            return FindingCode.NODE_ROLE_NOT_MAPPED;
        }

        @Override
        public String detail() {
            return "no access entry for " + roleArn + " in cluster " + cluster + " (authentication mode API)";
        }

        @Override
        public String nextStep() {
            return "Create an access entry of type " + entryType + " for " + roleArn + " in " + cluster + ".";
        }
    }

    /**
     * Rule 10, authentication mode {@code API_AND_CONFIG_MAP}: the role in use has no access entry. It may be
     * mapped in {@code aws-auth}, which the EKS API cannot show.
     */
    public record NodeRoleMappingUnverified(String roleArn, String cluster, String entryType) implements Finding {
        public NodeRoleMappingUnverified {
            requireNonNull(roleArn, "roleArn");
            requireNonNull(entryType, "entryType");
        }

        @Override
        public FindingCode code() {
            return FindingCode.NODE_ROLE_MAPPING_UNVERIFIED;
        }

        @Override
        public String detail() {
            return "no access entry for " + roleArn + " in cluster " + cluster + "; it may be mapped in aws-auth, which the EKS API "
                    + "cannot show";
        }

        @Override
        public String nextStep() {
            return AwsAuth.howToLook(roleArn) + " If it is not there, create an access entry of type " + entryType + ".";
        }
    }

    /**
     * Rule 10: the role's access entry is not of a node type, so nodes are not let in as nodes; or it is of a
     * Linux node type while Windows nodes use the role, which then cannot join.
     *
     * @param entry the entry as it is, with its username, groups and access policies (what replacing it loses)
     * @param entryType the node type it should have
     */
    public record AccessEntryWrongType(String cluster, ClusterFacts.AccessEntry entry, String entryType) implements Finding {
        public AccessEntryWrongType {
            requireNonNull(entry, "entry");
            requireNonNull(entryType, "entryType");
        }

        @Override
        public FindingCode code() {
            return FindingCode.ACCESS_ENTRY_WRONG_TYPE;
        }

        @Override
        public String detail() {
            return "the access entry of " + entry.principalArn() + " in cluster " + cluster + " is of type " + entry.type()
                    + (entry.nodeType() ? ", not the " + entryType + " its nodes need" : ", not a node type (" + entryType + " expected)");
        }

        @Override
        public String nextStep() {
            return "Replace it with an " + entryType + " entry (delete, then create): its username " + entry.username()
                    + ", Kubernetes groups " + entry.kubernetesGroups() + " and access policies "
                    + entry.policies().stream().map(ClusterFacts.AccessPolicy::describe).toList() + " go with it.";
        }
    }

    /** Rule 11: a role in use is also the cluster's own IAM role, which AWS does not allow for nodes. */
    public record NodeRoleIsClusterRole(String roleArn, String cluster) implements Finding {
        public NodeRoleIsClusterRole {
            requireNonNull(roleArn, "roleArn");
        }

        @Override
        public FindingCode code() {
            return FindingCode.NODE_ROLE_IS_CLUSTER_ROLE;
        }

        @Override
        public String detail() {
            return RoleArn.nameOf(roleArn) + " is both a node role and the cluster role of " + cluster;
        }

        @Override
        public String nextStep() {
            return "Give the nodes a role of their own (EC2 trust, the worker and ECR policies): a managed node group's role "
                    + "cannot be changed, so create a node group with the new role and move the workloads; for Auto Mode, "
                    + "update the cluster's compute config with the new role. eksrole makes no change for this.";
        }
    }

    /** Rule 12: EKS itself reports a health issue on a managed node group. */
    public record NodegroupHealthIssue(String issueCode, String message, List<String> resourceIds) implements Finding {
        public NodegroupHealthIssue {
            requireNonNull(issueCode, "issueCode");
            resourceIds = List.copyOf(resourceIds);
        }

        @Override
        public FindingCode code() {
            return FindingCode.NODEGROUP_HEALTH_ISSUE;
        }

        @Override
        public String detail() {
            return issueCode + (message == null || message.isBlank() ? "" : ": " + message);
        }

        @Override
        public String nextStep() {
            return switch (issueCode) {
                case "IamInstanceProfileNotFound", "IamNodeRoleNotFound" -> "The node group's instance profile or role is gone; "
                        + "EKS cannot repair it: create a node group with an existing node role and move the workloads. "
                        + "eksrole makes no change for this.";
                case "AccessDenied" -> "A policy keeps EKS or the nodes from what they need (look at the node role's policies, "
                        + "permissions boundaries and SCPs). eksrole makes no change for this.";
                case "NodeCreationFailure" -> "Instances could not join: look at the node role's policies and access entry, "
                        + "the subnets' routes to the cluster endpoint, and the launch template. eksrole makes no change for this.";
                default -> "Act on EKS's message (Amazon EKS troubleshooting guide, managed node group errors). eksrole makes no "
                        + "change for this.";
            };
        }
    }

    /** How to look at {@code aws-auth}, which the EKS API cannot show. */
    public static final class AwsAuth {

        /** The command that prints {@code aws-auth}, run with the cluster as kubectl's current context. */
        public static final String COMMAND = "kubectl -n kube-system get configmap aws-auth -o yaml";

        private AwsAuth() {}

        /** What {@code aws-auth} says for the role: its ARN without the path, as aws-auth names roles. */
        public static String rolearn(String roleArn) {
            return RoleArn.parse(roleArn).map(RoleArn::withoutPath).orElse(roleArn);
        }

        static String howToLook(String roleArn) {
            return "Look for rolearn: " + rolearn(roleArn) + " (aws-auth names a role without its path) in " + COMMAND + ".";
        }
    }
}
