package dev.eksrole.slack;

import dev.eksrole.fix.FixOutcome;
import dev.eksrole.fix.HumanDuration;
import dev.eksrole.fix.Refusal;
import dev.eksrole.noderole.Account;
import dev.eksrole.store.PlanRecord;
import java.util.Locale;

/** The words of the fix workflow's outcomes in Slack: what the clicker is told, and the headline a request gets. */
final class FixTexts {

    /** AWS's words in a reply are cut to this many characters; the log keeps them whole. */
    static final int MAX_DETAIL = 500;

    private FixTexts() {}

    static Mrkdwn unknownPlan() {
        return Mrkdwn.of("That button belongs to a plan eksrole does not know (any more). Re-check the account for a fresh one.");
    }

    static Mrkdwn accountGone(FixOutcome.AccountGone gone) {
        return Mrkdwn.of("Account {} is no longer in the eksrole config, so this plan cannot go on.", gone.accountId());
    }

    static Mrkdwn unreadable(FixOutcome.Unreadable unreadable) {
        return Mrkdwn.of("eksrole cannot read this plan back ({}). Re-check the account for a fresh one.",
                Mrkdwn.text(unreadable.reason(), MAX_DETAIL));
    }

    static Mrkdwn offerExpired(FixOutcome.OfferExpired expired) {
        return Mrkdwn.of("This check result is too old to fix from (plans last {}). Re-check {} for a fresh one.",
                HumanDuration.format(expired.planLife()), Mrkdwn.code(expired.fix().account().name()));
    }

    static Mrkdwn refusal(Refusal refusal, Mrkdwn approvers) {
        return switch (refusal) {
            case NO_APPROVERS -> Mrkdwn.of("No approvers are configured, so no fix can be approved: list Slack users or user groups "
                    + "under approvers: in the eksrole config.");
            case NOT_AN_APPROVER -> Mrkdwn.of("You are not an approver of eksrole fixes. Can approve: {}.", approvers);
            case OWN_REQUEST -> Mrkdwn.of("You asked for this fix, so someone else must approve it. Can approve: {}.", approvers);
            case RESUME_NOT_AN_APPROVER -> Mrkdwn.of("Only approvers can resume a fix. Can approve: {}.", approvers);
            case REJECT_NOT_ALLOWED -> Mrkdwn.of("Only the requester or an approver can reject this fix. Can approve: {}.", approvers);
        };
    }

    /** Fix… pressed on a plan someone else had taken. */
    static Mrkdwn alreadyRequested(PlanRecord current) {
        return switch (current.status()) {
            case PENDING -> Mrkdwn.of("{} already asked for this fix; the approval request is in the channel.",
                    Mrkdwn.user(current.requestedBy()));
            case SPLIT -> alreadyDecided(current);
            default -> Mrkdwn.of("This fix is {} already. Re-check for a fresh plan.", current.status().name().toLowerCase(Locale.ROOT));
        };
    }

    static Mrkdwn alreadyDecided(PlanRecord rec) {
        Mrkdwn by = rec.decidedBy() == null ? Mrkdwn.of("") : Mrkdwn.of(" by {}", Mrkdwn.user(rec.decidedBy()));
        return switch (rec.status()) {
            case OFFERED -> Mrkdwn.of("Nobody has asked for this fix yet: press Fix… on the check result first.");
            case PENDING -> Mrkdwn.of("This fix is waiting for approval.");
            case APPLYING -> Mrkdwn.of("This fix was approved{} and is being applied.", by);
            case APPLIED -> Mrkdwn.of("This fix was already approved{} and applied.", by);
            case FAILED -> Mrkdwn.of("This fix stopped part-way; an approver can resume it.");
            case REJECTED -> Mrkdwn.of("This fix was rejected{}.", by);
            case EXPIRED -> Mrkdwn.of("This plan expired; nothing was changed. Re-check for a fresh plan.");
            case SUPERSEDED -> Mrkdwn.of("This plan was replaced because the account changed; see the newer request.");
            case SPLIT -> Mrkdwn.of("This fix was too big for one message, so it was split into batches{}: each has its own "
                    + "approval request in the channel.", by);
        };
    }

    static Mrkdwn expired(FixOutcome.Expired expired) {
        return Mrkdwn.of("This plan expired {}; nothing was changed. Re-check for a fresh plan.",
                Mrkdwn.date(expired.fix().record().expiresAt()));
    }

    static Mrkdwn started(FixOutcome.Started started) {
        return started.resumed()
                ? Mrkdwn.of(":gear: Resumed by {}; re-checking the account, then applying what is left…", Mrkdwn.user(started.by()))
                : Mrkdwn.of(":gear: Approved by {} {}; re-checking the account, then applying…", Mrkdwn.user(started.by()),
                        Mrkdwn.date(started.at()));
    }

    static Mrkdwn rejected(FixOutcome.Rejected rejected) {
        return Mrkdwn.of(":no_entry: Rejected by {} {}. Nothing was changed.", Mrkdwn.user(rejected.by()), Mrkdwn.date(rejected.at()));
    }

    static Mrkdwn superseded(FixOutcome.Superseded superseded) {
        Account account = superseded.fix().account();
        return switch (superseded.why()) {
            case NO_LONGER_NEEDED -> Mrkdwn.of(":information_source: Nothing was applied: {} no longer needs this fix (it changed "
                    + "since the plan was made).", account.label());
            case ACCOUNT_CHANGED -> Mrkdwn.of(":warning: Nothing was applied: {} changed since this plan was made. {}", account.label(),
                    superseded.fresh().size() == 1 ? Mrkdwn.of("A fresh plan was posted for approval.")
                            : Mrkdwn.of("A fresh plan was posted for approval, in {} batches.", superseded.fresh().size()));
            case CHANGED_SINCE_APPROVAL -> Mrkdwn.of(":warning: Nothing more was applied: what this plan would still do changed "
                    + "since it was approved (a trust, or the configured role, tags or ECR policy). Re-check {} for a fresh plan.",
                    account.name());
        };
    }

    static Mrkdwn applied(FixOutcome.Applied applied) {
        return Mrkdwn.of(":white_check_mark: Applied {}. " + (applied.resumed() ? "Resumed" : "Approved") + " by {}.",
                Mrkdwn.date(applied.at()), Mrkdwn.user(applied.decidedBy()));
    }

    static Mrkdwn failed(FixOutcome.Failed failed) {
        Account account = failed.fix().account();
        return switch (failed.failure()) {
            case RECHECK_FAILED -> Mrkdwn.of("Could not re-check {} ({}), so nothing was applied.", account.label(),
                    Mrkdwn.text(failed.detail(), MAX_DETAIL));
            case NO_ACCESS -> Mrkdwn.of("Could not assume the access role of {} to apply ({}); nothing was applied.", account.label(),
                    Mrkdwn.text(failed.detail(), MAX_DETAIL));
            case PART_WAY -> Mrkdwn.of(":x: Stopped part-way: {} of {} steps done, the rest not applied (see below). "
                    + "Resume applies what is left.", failed.stepsDone(), failed.result().steps().size());
            case UNEXPECTED -> Mrkdwn.of(":x: Applying stopped on an unexpected error ({}); some steps may be done. "
                    + "Resume runs the plan again; done steps are skipped.", failed.detail());
        };
    }

    static Mrkdwn interrupted() {
        return Mrkdwn.of(":warning: eksrole stopped while applying this fix; some steps may be done. Resume runs it again; "
                + "done steps are skipped.");
    }
}
