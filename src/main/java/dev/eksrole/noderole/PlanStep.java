package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One IAM or EKS call of a fix plan. Each is safe to repeat: applying it twice changes nothing the second
 * time. EKS calls name their region and cluster.
 */
public sealed interface PlanStep {

    /** Which record this is: switch on it to handle every kind of step. */
    StepKind kind();

    String roleName();

    /** The exact IAM call, as the plan shows it before anyone approves. */
    String iamCall();

    /**
     * Creates the node role with its trust, description and tags.
     *
     * @param path the role's path: {@code /}, or the one of the ARN a cluster names
     */
    record CreateRole(String roleName, String description, String trustJson, Map<String, String> tags, String path)
            implements PlanStep {
        public CreateRole {
            requireNonNull(roleName, "roleName");
            requireNonNull(trustJson, "trustJson");
            tags = Map.copyOf(tags);
            path = path == null ? "/" : path;
        }

        /** At path {@code /}. */
        public CreateRole(String roleName, String description, String trustJson, Map<String, String> tags) {
            this(roleName, description, trustJson, tags, "/");
        }

        @Override
        public StepKind kind() {
            return StepKind.CREATE_ROLE;
        }

        @Override
        public String iamCall() {
            String tagText = new TreeMap<>(tags).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            return "iam:CreateRole RoleName=" + roleName + " Path=" + path + " Description=\"" + description
                    + "\" AssumeRolePolicyDocument=<EC2 trust below>" + (tagText.isEmpty() ? "" : " Tags=" + tagText);
        }
    }

    record AttachPolicy(String roleName, String policyArn) implements PlanStep {
        public AttachPolicy {
            requireNonNull(roleName, "roleName");
            requireNonNull(policyArn, "policyArn");
        }

        @Override
        public StepKind kind() {
            return StepKind.ATTACH_POLICY;
        }

        @Override
        public String iamCall() {
            return "iam:AttachRolePolicy RoleName=" + roleName + " PolicyArn=" + policyArn;
        }
    }

    record DetachPolicy(String roleName, String policyArn) implements PlanStep {
        public DetachPolicy {
            requireNonNull(roleName, "roleName");
            requireNonNull(policyArn, "policyArn");
        }

        @Override
        public StepKind kind() {
            return StepKind.DETACH_POLICY;
        }

        @Override
        public String iamCall() {
            return "iam:DetachRolePolicy RoleName=" + roleName + " PolicyArn=" + policyArn;
        }
    }

    /**
     * Replaces the trust with the documented one.
     *
     * @param currentTrust the trust the plan was made against, for the before/after diff and to notice
     *     when it changed before approval
     */
    record ReplaceTrust(String roleName, String trustJson, String currentTrust) implements PlanStep {
        public ReplaceTrust {
            requireNonNull(roleName, "roleName");
            requireNonNull(trustJson, "trustJson");
            currentTrust = currentTrust == null ? "" : currentTrust;
        }

        @Override
        public StepKind kind() {
            return StepKind.REPLACE_TRUST;
        }

        @Override
        public String iamCall() {
            return "iam:UpdateAssumeRolePolicy RoleName=" + roleName + " PolicyDocument=<documented EC2 trust below>";
        }
    }

    /** Creates an empty instance profile; for a node role, of the role's name, as the console does. */
    record CreateInstanceProfile(String roleName, String profileName, String path) implements PlanStep {
        public CreateInstanceProfile {
            requireNonNull(roleName, "roleName");
            requireNonNull(profileName, "profileName");
            path = path == null ? "/" : path;
        }

        @Override
        public StepKind kind() {
            return StepKind.CREATE_INSTANCE_PROFILE;
        }

        @Override
        public String iamCall() {
            return "iam:CreateInstanceProfile InstanceProfileName=" + profileName + " Path=" + path;
        }
    }

    /** Puts the role in the instance profile (IAM allows one role a profile). */
    record AddRoleToInstanceProfile(String roleName, String profileName) implements PlanStep {
        public AddRoleToInstanceProfile {
            requireNonNull(roleName, "roleName");
            requireNonNull(profileName, "profileName");
        }

        @Override
        public StepKind kind() {
            return StepKind.ADD_ROLE_TO_INSTANCE_PROFILE;
        }

        @Override
        public String iamCall() {
            return "iam:AddRoleToInstanceProfile InstanceProfileName=" + profileName + " RoleName=" + roleName;
        }
    }

    /**
     * Creates a node access entry for the role in an EKS cluster.
     *
     * @param type {@code EC2_LINUX}, {@code EC2_WINDOWS} or {@code EC2}
     */
    record CreateAccessEntry(String roleName, String region, String clusterName, String principalArn, String type)
            implements PlanStep {
        public CreateAccessEntry {
            requireNonNull(roleName, "roleName");
            requireNonNull(region, "region");
            requireNonNull(clusterName, "clusterName");
            requireNonNull(principalArn, "principalArn");
            requireNonNull(type, "type");
        }

        @Override
        public StepKind kind() {
            return StepKind.CREATE_ACCESS_ENTRY;
        }

        @Override
        public String iamCall() {
            return "eks:CreateAccessEntry clusterName=" + clusterName + " region=" + region + " principalArn=" + principalArn
                    + " type=" + type;
        }
    }

    /**
     * Deletes the role's access entry in an EKS cluster, an entry of the wrong type, so that one of a node
     * type can take its place. It carries what the entry was, so that the request shows what goes with it,
     * and so that an entry that changed since the plan is left alone.
     *
     * @param type the entry's type when the plan was made
     * @param accessPolicies the access policies associated with it, described with their scope
     */
    record DeleteAccessEntry(String roleName, String region, String clusterName, String principalArn, String type,
            String username, List<String> kubernetesGroups, List<String> accessPolicies) implements PlanStep {
        public DeleteAccessEntry {
            requireNonNull(roleName, "roleName");
            requireNonNull(region, "region");
            requireNonNull(clusterName, "clusterName");
            requireNonNull(principalArn, "principalArn");
            requireNonNull(type, "type");
            kubernetesGroups = List.copyOf(kubernetesGroups);
            accessPolicies = List.copyOf(accessPolicies);
        }

        @Override
        public StepKind kind() {
            return StepKind.DELETE_ACCESS_ENTRY;
        }

        @Override
        public String iamCall() {
            return "eks:DeleteAccessEntry clusterName=" + clusterName + " region=" + region + " principalArn=" + principalArn
                    + " (removes its " + type + " entry: username=" + username + " kubernetesGroups=" + kubernetesGroups
                    + " accessPolicies=" + accessPolicies + ")";
        }
    }
}
