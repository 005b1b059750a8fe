package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One IAM call of a fix plan. Each is safe to repeat: applying it twice changes nothing the second time. */
public sealed interface PlanStep {

    /** Which record this is: switch on it to handle every kind of step. */
    StepKind kind();

    String roleName();

    /** The exact IAM call, as the plan shows it before anyone approves. */
    String iamCall();

    /** Creates the node role with its trust, description and tags. */
    record CreateRole(String roleName, String description, String trustJson, Map<String, String> tags) implements PlanStep {
        public CreateRole {
            requireNonNull(roleName, "roleName");
            requireNonNull(trustJson, "trustJson");
            tags = Map.copyOf(tags);
        }

        @Override
        public StepKind kind() {
            return StepKind.CREATE_ROLE;
        }

        @Override
        public String iamCall() {
            String tagText = new TreeMap<>(tags).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            return "iam:CreateRole RoleName=" + roleName + " Path=/ Description=\"" + description
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
}
