package dev.eksrole.noderole;

/** The finding codes of the public contract, each with its fixed severity. */
public enum FindingCode {
    ASSUME_ROLE_FAILED(Severity.UNKNOWN),
    IAM_READ_FAILED(Severity.UNKNOWN),
    READING_INCONSISTENT(Severity.UNKNOWN),
    NO_NODE_ROLE(Severity.NEEDS_FIX),
    MISSING_POLICY(Severity.NEEDS_FIX),
    CNI_POLICY_ON_NODE_ROLE(Severity.WARNING),
    TRUST_DOES_NOT_ALLOW_EC2(Severity.NEEDS_FIX),
    TRUST_NOT_EXACT(Severity.WARNING),
    NO_INSTANCE_PROFILE(Severity.WARNING),
    EKS_READ_FAILED(Severity.UNKNOWN),
    CLUSTER_NODE_ROLE_MISSING(Severity.NEEDS_FIX),
    NODE_ROLE_NOT_MAPPED(Severity.NEEDS_FIX),
    NODE_ROLE_MAPPING_UNVERIFIED(Severity.WARNING),
    ACCESS_ENTRY_WRONG_TYPE(Severity.NEEDS_FIX),
    NODE_ROLE_IS_CLUSTER_ROLE(Severity.NEEDS_FIX),
    NODEGROUP_HEALTH_ISSUE(Severity.NEEDS_FIX);

    private final Severity severity;

    FindingCode(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }
}
