package dev.eksrole.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One line of the audit trail: every check, plan, approval, refusal and IAM call.
 *
 * @param actor a Slack user id, {@code cli-<user>}, {@code eksrole} for the bot itself, or {@code -} for a refused
 *     request whose sender Slack did not name soundly
 * @param accountId the account concerned, or {@value #NO_ACCOUNT} for a request refused before it named any
 * @param roleName the role concerned, or {@code null}
 * @param action what happened, e.g. {@code check}, {@code plan}, {@code approve}, {@code refuse},
 *     {@code iam:AttachRolePolicy}
 * @param planId the plan concerned, or {@code null}
 * @param result e.g. {@code OK}, {@code NEEDS_FIX}, {@code done}, {@code failed: AccessDenied}
 */
public record AuditEntry(Instant at, String actor, String accountId, String roleName, String action, String planId,
        String detail, String result) {

    /** The account of entries that concern none: requests refused for where they came from or what they carried. */
    public static final String NO_ACCOUNT = "-";

    public AuditEntry {
        requireNonNull(at, "at");
        requireNonNull(actor, "actor");
        requireNonNull(accountId, "accountId");
        requireNonNull(action, "action");
    }
}
