package dev.eksrole.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A plan as stored: the plan itself as JSON (see {@code PlanCodec}) and what the fix workflow needs
 * around it. Buttons carry only {@link #id()}; everything else is read back from here.
 *
 * @param roleName the node role the plan is about, or {@code null} for account-wide plans
 * @param requestedBy the Slack user who pressed Fix (or asked for the check, while OFFERED)
 * @param decidedBy who approved or rejected it
 * @param channelId, messageTs the approval request message, once posted
 * @param resultJson the step-by-step outcome of applying it
 */
public record PlanRecord(
        String id,
        String accountId,
        String kind,
        String roleName,
        String planJson,
        PlanStatus status,
        String requestedBy,
        Instant createdAt,
        Instant expiresAt,
        String decidedBy,
        Instant decidedAt,
        String channelId,
        String messageTs,
        String resultJson) {

    public PlanRecord {
        requireNonNull(id, "id");
        requireNonNull(accountId, "accountId");
        requireNonNull(kind, "kind");
        requireNonNull(planJson, "planJson");
        requireNonNull(status, "status");
        requireNonNull(requestedBy, "requestedBy");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(expiresAt, "expiresAt");
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
