package dev.eksrole.noderole;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * Something a check found. The set is closed: each record is one finding code of the contract, with
 * the facts that later fixes and messages need (those of rules 7-12 are in {@link ClusterFindings}).
 */
public sealed interface Finding permits Finding.AssumeRoleFailed, Finding.IamReadFailed, Finding.ReadingInconsistent,
        Finding.NoNodeRole, Finding.MissingPolicy, Finding.CniPolicyOnNodeRole, Finding.TrustDoesNotAllowEc2,
        Finding.TrustNotExact, ClusterFindings.NoInstanceProfile, ClusterFindings.EksReadFailed,
        ClusterFindings.ClusterNodeRoleMissing, ClusterFindings.NodeRoleNotMapped, ClusterFindings.NodeRoleMappingUnverified,
        ClusterFindings.AccessEntryWrongType, ClusterFindings.NodeRoleIsClusterRole, ClusterFindings.NodegroupHealthIssue {

    /**
     * The contract's code, one per record: code that handles findings switches on it, without a default,
     * so that a new finding does not compile until its fix and its message are decided.
     */
    FindingCode code();

    /** The machine-readable detail of the JSON contract. */
    String detail();

    /** One line that tells the person on call what to do next. */
    String nextStep();

    default Severity severity() {
        return code().severity();
    }

    /**
     * eksrole got no session in the account. The failure's cause tells whether the account is to blame
     * (its role, trust or ExternalId) or eksrole's own side (credentials, network, STS itself).
     */
    record AssumeRoleFailed(String roleArn, String externalId, AccessFailure failure) implements Finding {
        public AssumeRoleFailed {
            requireNonNull(roleArn, "roleArn");
            requireNonNull(failure, "failure");
        }

        @Override
        public FindingCode code() {
            return FindingCode.ASSUME_ROLE_FAILED;
        }

        public AccessFailure.Cause cause() {
            return failure.cause();
        }

        /** Whether the account has to change something; otherwise eksrole's own side is at fault. */
        public boolean blamesTheAccount() {
            return failure.cause().blamesTheAccount();
        }

        @Override
        public String detail() {
            String detail = "could not assume " + roleArn + ": " + failure.reason();
            if (blamesTheAccount()) {
                // AWS answers a missing role, a trust without the hub and a wrong ExternalId alike
                detail += ": the role does not exist, its trust does not let " + who() + " in, or its trust requires "
                        + "another ExternalId than \"" + externalId + "\" (AWS does not say which)";
            }
            return detail;
        }

        /**
         * The principal the access role must trust: the caller, or for an assumed-role session its
         * role (a session ARN is not a principal a trust can name); {@code null} when unknown.
         */
        public String hubPrincipal() {
            String callerArn = failure.callerArn();
            if (callerArn == null) {
                return null;
            }
            var session = java.util.regex.Pattern.compile("arn:([^:]+):sts::(\\d{12}):assumed-role/([^/]+)/.*").matcher(callerArn);
            return session.matches()
                    ? "arn:" + session.group(1) + ":iam::" + session.group(2) + ":role/" + session.group(3)
                    : callerArn;
        }

        private String who() {
            return hubPrincipal() == null ? "the eksrole hub identity" : hubPrincipal();
        }

        @Override
        public String nextStep() {
            if (!blamesTheAccount()) {
                return failure.hubNextStep();
            }
            return "In the account, create " + roleArn + " (or fix its trust) so that it trusts " + who()
                    + " for sts:AssumeRole with the condition sts:ExternalId = \"" + externalId
                    + "\", and allows the IAM reads the check needs (config/iam/ has the policies); if its trust rightly "
                    + "requires another ExternalId, set that one as the account's externalId in the eksrole config.";
        }
    }

    /** IAM refused or failed a read the check needs, so the verdict cannot be known. */
    record IamReadFailed(String action, String errorCode, String message) implements Finding {

        /** The code of a read that the check's deadline cut short. */
        public static final String TIMEOUT = "Timeout";

        @Override
        public FindingCode code() {
            return FindingCode.IAM_READ_FAILED;
        }

        @Override
        public String detail() {
            return "iam:" + action + " failed: " + errorCode + (message == null ? "" : " (" + message + ")");
        }

        @Override
        public String nextStep() {
            if ("AccessDenied".equals(errorCode) || "AccessDeniedException".equals(errorCode)) {
                return "Allow iam:" + action + " in the access role's permissions (config/iam/ has the policy), then check again.";
            }
            if (TIMEOUT.equals(errorCode)) {
                return "Nothing was concluded. Check again; if IAM stays this slow, raise checkDeadline in the config or look at "
                        + "the network between eksrole and IAM.";
            }
            return "Check again in a minute; if it persists, look at the IAM service health for the partition.";
        }
    }

    /**
     * IAM's answers contradict each other or leave out what must be there, so no verdict built on them
     * can be trusted: a proxy, an endpoint or IAM itself is not answering faithfully.
     *
     * @param what what did not add up, in words
     */
    record ReadingInconsistent(String what) implements Finding {
        public ReadingInconsistent {
            requireNonNull(what, "what");
        }

        @Override
        public FindingCode code() {
            return FindingCode.READING_INCONSISTENT;
        }

        @Override
        public String detail() {
            return what;
        }

        @Override
        public String nextStep() {
            return "Nothing was concluded and no fix is offered. Check again; if it persists, look at what sits between "
                    + "eksrole and IAM (a proxy, a VPC endpoint, AWS_ENDPOINT_URL_IAM).";
        }
    }

    /** No role in the account looks like an EKS node role. */
    record NoNodeRole(List<String> namePatterns) implements Finding {
        public NoNodeRole {
            namePatterns = List.copyOf(namePatterns);
        }

        @Override
        public FindingCode code() {
            return FindingCode.NO_NODE_ROLE;
        }

        @Override
        public String detail() {
            return "no role whose name contains " + String.join(" or ", namePatterns)
                    + ", and none with AmazonEKSWorkerNodePolicy attached";
        }

        @Override
        public String nextStep() {
            return "Create the node role NodeInstanceRole with AmazonEKSWorkerNodePolicy and "
                    + "AmazonEC2ContainerRegistryReadOnly, trusted by EC2, as the AWS procedure describes.";
        }
    }

    /** A required AWS managed policy is not attached (by exact ARN). */
    record MissingPolicy(ManagedPolicy policy, String policyArn) implements Finding {
        public MissingPolicy {
            requireNonNull(policy, "policy");
            requireNonNull(policyArn, "policyArn");
        }

        @Override
        public FindingCode code() {
            return FindingCode.MISSING_POLICY;
        }

        @Override
        public String detail() {
            return policy.policyName();
        }

        @Override
        public String nextStep() {
            return "Attach " + policyArn + " to the role.";
        }
    }

    /**
     * The CNI policy sits on the node role. Detaching it is safe only when another role already gives
     * the {@code aws-node} service account the same rights.
     *
     * @param awsNodeRoleName that role, or {@code null} when the account has none
     */
    record CniPolicyOnNodeRole(String awsNodeRoleName) implements Finding {
        @Override
        public FindingCode code() {
            return FindingCode.CNI_POLICY_ON_NODE_ROLE;
        }

        public Optional<String> awsNodeRole() {
            return Optional.ofNullable(awsNodeRoleName);
        }

        public boolean safeToDetach() {
            return awsNodeRoleName != null;
        }

        @Override
        public String detail() {
            return safeToDetach()
                    ? "AmazonEKS_CNI_Policy is attached; role " + awsNodeRoleName
                            + " already carries it for the aws-node service account"
                    : "AmazonEKS_CNI_Policy is attached; no role for the aws-node service account carries it";
        }

        @Override
        public String nextStep() {
            return safeToDetach()
                    ? "Detach AmazonEKS_CNI_Policy from the node role; " + awsNodeRoleName + " covers aws-node."
                    : "Keep it for now (detaching would break pod networking): first give aws-node its own role "
                            + "with AmazonEKS_CNI_Policy (IRSA or EKS Pod Identity), then detach it here.";
        }
    }

    /**
     * The trust policy does not let EC2 assume the role, so nodes cannot use it.
     *
     * @param offending the part of the trust at fault, as pretty JSON
     */
    record TrustDoesNotAllowEc2(String reason, String offending) implements Finding {
        @Override
        public FindingCode code() {
            return FindingCode.TRUST_DOES_NOT_ALLOW_EC2;
        }

        @Override
        public String detail() {
            return reason;
        }

        @Override
        public String nextStep() {
            return "Replace the trust policy with the documented one (Allow, Service EC2, sts:AssumeRole).";
        }
    }

    /**
     * The trust lets EC2 in but differs from the documented one.
     *
     * @param offending the statements or elements that differ, as pretty JSON
     */
    record TrustNotExact(List<String> differences, String offending) implements Finding {
        public TrustNotExact {
            differences = List.copyOf(differences);
        }

        @Override
        public FindingCode code() {
            return FindingCode.TRUST_NOT_EXACT;
        }

        @Override
        public String detail() {
            return String.join("; ", differences);
        }

        @Override
        public String nextStep() {
            return "Review the extra trust; if nothing needs it, replace it with the documented EC2 trust.";
        }
    }
}
