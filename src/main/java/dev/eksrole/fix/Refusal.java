package dev.eksrole.fix;

/** Why someone may not do what they asked with a fix; {@link #reason()} is what the audit trail records. */
public enum Refusal {
    /** Approve, with no approvers configured: nobody can approve anything. */
    NO_APPROVERS("no approvers configured"),
    /** Approve by someone who is not an approver. */
    NOT_AN_APPROVER("not an approver"),
    /** Approve by whoever asked for the fix, while self-approval is not allowed. */
    OWN_REQUEST("asked for this fix; someone else must approve it"),
    /** Resume by someone who is not an approver. */
    RESUME_NOT_AN_APPROVER("not an approver"),
    /** Reject by someone who is neither an approver nor the requester. */
    REJECT_NOT_ALLOWED("not an approver or the requester");

    private final String reason;

    Refusal(String reason) {
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
