package dev.eksrole.approval;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Plans, shared by every bot instance through one database. Every change of status is a single
 * compare-and-set, so double clicks, Slack's retries and several replicas change a plan once.
 */
public interface PlanStore {

    void insert(PlanRecord plan);

    Optional<PlanRecord> find(String id);

    /**
     * OFFERED → PENDING for the person who pressed Fix, with a new expiry; only if still OFFERED and
     * not expired at {@code now}.
     */
    boolean request(String id, String requestedBy, Instant now, Instant expiresAt);

    /** PENDING → APPLYING, recording the approver; only if still PENDING and not expired at {@code now}. */
    boolean approve(String id, String approver, Instant now);

    /** FAILED → APPLYING to resume, recording who resumed it; only if still FAILED. */
    boolean resume(String id, String actor, Instant now);

    /**
     * Any compare-and-set from {@code from} to {@code to} (REJECTED, EXPIRED, SUPERSEDED, APPLIED,
     * FAILED, SPLIT), recording the actor as the decider when it is not {@code null}.
     */
    boolean transition(String id, PlanStatus from, PlanStatus to, String actor, Instant now);

    /** Records the step results of an apply (any status). */
    void saveResult(String id, String resultJson);

    /** Records where the approval request was posted, so it can be updated later. */
    void saveMessage(String id, String channelId, String messageTs);

    /**
     * Plans APPLYING since before {@code startedBefore} (their last approve or resume), oldest first:
     * an apply takes seconds, so these were cut short by a stopped bot.
     */
    List<PlanRecord> applyingSince(Instant startedBefore, int limit);

    /** Plans in a status whose expiry has passed at {@code now}, oldest first (at most {@code limit}). */
    List<PlanRecord> expired(PlanStatus status, Instant now, int limit);
}
