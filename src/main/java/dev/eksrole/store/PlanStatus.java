package dev.eksrole.store;

/**
 * Where a fix plan stands. Offered plans wait behind a Fix button; requested ones wait for a second
 * person; only one transition out of PENDING (or FAILED, to resume) can ever win.
 */
public enum PlanStatus {
    /** Computed with a check result; its Fix button has not been pressed. */
    OFFERED,
    /** Someone pressed Fix: waiting for an approver. */
    PENDING,
    /** Approved; being applied by exactly one bot instance, its holder, which keeps the plan's heartbeat fresh. */
    APPLYING,
    APPLIED,
    /**
     * Applying stopped part-way, or its bot stopped (its heartbeat fell silent); what was done is recorded and the
     * rest can be resumed.
     */
    FAILED,
    REJECTED,
    EXPIRED,
    /** The account changed before approval; a fresh plan replaced this one. */
    SUPERSEDED,
    /** Too big to show in one approval request: split into batches, each a plan of its own; never applied itself. */
    SPLIT;

    public boolean isFinal() {
        return this == APPLIED || this == REJECTED || this == EXPIRED || this == SUPERSEDED || this == SPLIT;
    }
}
