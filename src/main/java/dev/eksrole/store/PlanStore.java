package dev.eksrole.store;

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

    /**
     * PENDING → APPLYING, recording the approver; only if still PENDING and not expired at {@code now}. The apply
     * is held by {@code holder}, whose heartbeat starts at {@code now}.
     */
    boolean approve(String id, String approver, String holder, Instant now);

    /** FAILED → APPLYING to resume, recording who resumed it; only if still FAILED. Held as {@link #approve} is. */
    boolean resume(String id, String actor, String holder, Instant now);

    /**
     * Says that {@code holder} is still applying the plan: its heartbeat becomes {@code now}. Only while the plan
     * is APPLYING and held by {@code holder}, so an apply whose plan was taken as interrupted, or resumed by
     * another, cannot keep it alive.
     */
    boolean heartbeat(String id, String holder, Instant now);

    /**
     * Ends {@code holder}'s apply: → APPLIED, FAILED or SUPERSEDED, only if the plan is still held by
     * {@code holder} and APPLYING, or FAILED because it was taken as interrupted while this apply went on (its
     * outcome is then the truer word). False once the plan was resumed by another apply.
     */
    boolean finish(String id, String holder, PlanStatus to);

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
     * Plans APPLYING whose last heartbeat is before {@code beatBefore}, longest silent first (at most
     * {@code limit}); a plan without a heartbeat counts from its approve or resume.
     */
    List<PlanRecord> staleApplying(Instant beatBefore, int limit);

    /**
     * APPLYING → FAILED for a plan whose bot stopped mid-apply: only if its last heartbeat is still before
     * {@code beatBefore}, so neither a beat nor a resume since it was listed is overtaken. Keeps who decided.
     */
    boolean failStale(String id, Instant beatBefore);

    /** Plans in a status whose expiry has passed at {@code now}, oldest first (at most {@code limit}). */
    List<PlanRecord> expired(PlanStatus status, Instant now, int limit);

    /** How many plans are in a status now (the index on status answers it without reading the plans). */
    int count(PlanStatus status);
}
