package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import dev.eksrole.fix.Fix;
import dev.eksrole.fix.FixOutcome;
import dev.eksrole.fix.InterruptedFixes;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.ApplyResult;
import dev.eksrole.store.PlanRecord;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fix workflow's outcomes in Slack: a word for the clicker alone, the approval request replaced by what happened
 * (buttons gone, but Resume), new requests posted, and a fresh check in the channel once IAM changed.
 */
public final class FixPresenter {

    private static final Logger LOG = LoggerFactory.getLogger(FixPresenter.class);

    private final ChannelPoster poster;
    private final ApprovalMessageBuilder messages;
    private final ApprovalRequests requests;
    private final ApproverMentions approvers;
    private final SlackCheck check;
    private final InterruptedFixes interrupted;

    @Inject
    public FixPresenter(ChannelPoster poster, ApprovalMessageBuilder messages, ApprovalRequests requests, ApproverMentions approvers,
            SlackCheck check, InterruptedFixes interrupted) {
        this.poster = requireNonNull(poster, "poster");
        this.messages = requireNonNull(messages, "messages");
        this.requests = requireNonNull(requests, "requests");
        this.approvers = requireNonNull(approvers, "approvers");
        this.check = requireNonNull(check, "check");
        this.interrupted = requireNonNull(interrupted, "interrupted");
    }

    /** Shows what a click on a plan's button led to; {@code click} may be {@code null} only for an interrupted fix. */
    public void present(FixOutcome outcome, Click click) {
        Runnable presentation = switch (outcome.kind()) {
            case UNKNOWN_PLAN -> () -> tell(click, FixTexts.unknownPlan());
            case ACCOUNT_GONE -> () -> tell(click, FixTexts.accountGone((FixOutcome.AccountGone) outcome));
            case UNREADABLE -> () -> tell(click, FixTexts.unreadable((FixOutcome.Unreadable) outcome));
            case OFFER_EXPIRED -> () -> tell(click, FixTexts.offerExpired((FixOutcome.OfferExpired) outcome));
            case REFUSED -> () -> tell(click, FixTexts.refusal(((FixOutcome.Refused) outcome).refusal(), approvers.mentions()));
            case ALREADY_DECIDED -> () -> tell(click, FixTexts.alreadyDecided(((FixOutcome.AlreadyDecided) outcome).current()));
            case ALREADY_REQUESTED -> () -> tell(click, FixTexts.alreadyRequested(((FixOutcome.AlreadyRequested) outcome).current()));
            case REQUESTED -> () -> {
                FixOutcome.Requested requested = (FixOutcome.Requested) outcome;
                requests.post(requested.requests(), requested.fix().account(), click);
            };
            case EXPIRED -> () -> expired((FixOutcome.Expired) outcome, click);
            case STARTED -> () -> show(((FixOutcome.Started) outcome).fix(), click, FixTexts.started((FixOutcome.Started) outcome));
            case REJECTED -> () -> show(((FixOutcome.Rejected) outcome).fix(), click, FixTexts.rejected((FixOutcome.Rejected) outcome));
            case SUPERSEDED -> () -> {
                FixOutcome.Superseded superseded = (FixOutcome.Superseded) outcome;
                requests.post(superseded.fresh(), superseded.fix().account(), click);
                show(superseded.fix(), click, FixTexts.superseded(superseded));
            };
            case APPLIED -> () -> {
                FixOutcome.Applied applied = (FixOutcome.Applied) outcome;
                show(applied.fix(), click, FixTexts.applied(applied), applied.result(), false);
                checkAgain(applied.fix().account(), click);
            };
            case FAILED -> () -> {
                FixOutcome.Failed failed = (FixOutcome.Failed) outcome;
                show(failed.fix(), click, FixTexts.failed(failed), failed.result(), true);
                if (failed.changedAccount()) {
                    checkAgain(failed.fix().account(), click);
                }
            };
            case OVERTAKEN -> () -> {
                // another apply reports on the request; the channel still sees the account as this one left it
                FixOutcome.Overtaken overtaken = (FixOutcome.Overtaken) outcome;
                if (overtaken.changedAccount()) {
                    checkAgain(overtaken.fix().account(), click);
                }
            };
            case CHECK_AGAIN -> () -> checkAgain(((FixOutcome.CheckAgain) outcome).account(), click);
            case INTERRUPTED -> () -> {
                Fix fix = ((FixOutcome.Interrupted) outcome).fix();
                poster.update(fix.record().channelId(), fix.record().messageTs(), null, outcome(fix, FixTexts.interrupted(), null, true));
            };
        };
        presentation.run();
    }

    /**
     * Makes the fixes whose bot stopped mid-apply resumable ({@link InterruptedFixes}) and says so on their requests.
     *
     * @return how many fixes this call made resumable
     */
    public int recoverInterrupted() {
        InterruptedFixes.Recovery recovery = interrupted.recover();
        for (FixOutcome.Interrupted fix : recovery.toAnnounce()) {
            try {
                present(fix, null);
            } catch (RuntimeException e) {
                LOG.warn("plan {} was interrupted and is now resumable, but its message could not be updated: {}", fix.fix().id(),
                        e.toString());
            }
        }
        return recovery.count();
    }

    /** The request, once it expired unapproved: it says so and offers a fresh check. */
    private void expired(FixOutcome.Expired expired, Click click) {
        Fix fix = expired.fix();
        if (expired.expiredNow()) {
            poster.update(channelOf(fix.record(), click), tsOf(fix.record(), click), click.responseUrl(),
                    messages.expired(fix.id(), fix.plan(), fix.account(), fix.requestedBy(), fix.record().expiresAt()));
        }
        tell(click, FixTexts.expired(expired));
    }

    private void show(Fix fix, Click click, Mrkdwn headline) {
        show(fix, click, headline, null, false);
    }

    /** Replaces the approval request with its outcome: buttons gone (but Resume), what happened, who decided. */
    private void show(Fix fix, Click click, Mrkdwn headline, ApplyResult result, boolean resumable) {
        poster.update(channelOf(fix.record(), click), tsOf(fix.record(), click), click.responseUrl(),
                outcome(fix, headline, result, resumable));
    }

    private SlackMessage outcome(Fix fix, Mrkdwn headline, ApplyResult result, boolean resumable) {
        return messages.outcome(fix.id(), fix.plan(), fix.account(), fix.requestedBy(), headline, result, resumable);
    }

    /** The channel sees the account as it is now. */
    private void checkAgain(Account account, Click click) {
        check.run(account, click.userId(), click.channelId(), click.responseUrl());
    }

    private void tell(Click click, Mrkdwn text) {
        requests.tell(click, text);
    }

    private static String channelOf(PlanRecord rec, Click click) {
        return rec.channelId() != null ? rec.channelId() : click.channelId();
    }

    private static String tsOf(PlanRecord rec, Click click) {
        return rec.messageTs() != null ? rec.messageTs() : click.messageTs();
    }
}
