package dev.eksrole.fix;

import static java.util.Objects.requireNonNull;

import dev.eksrole.fix.ApplyHeartbeat;
import dev.eksrole.fix.AuditTrail;
import dev.eksrole.fix.HumanDuration;
import dev.eksrole.slack.ApprovalMessageBuilder;
import dev.eksrole.slack.ChannelPoster;
import dev.eksrole.slack.Mrkdwn;
import dev.eksrole.store.PlanCodec;
import dev.eksrole.store.PlanRecord;
import dev.eksrole.store.PlanStore;
import dev.eksrole.config.AccountDirectory;
import dev.eksrole.config.UnknownAccountException;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.FixPlan;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixes whose bot stopped mid-apply (killed, cut off at shutdown, its host gone) become resumable: a plan APPLYING
 * whose heartbeat ({@link ApplyHeartbeat}) has been silent longer than the bound turns FAILED, and its request says
 * so and offers Resume. Every replica looks; one compare-and-set decides which one tells the channel.
 */
public final class InterruptedFixes {

    private static final Logger LOG = LoggerFactory.getLogger(InterruptedFixes.class);
    private static final int BATCH = 100;

    private final PlanStore store;
    private final AuditTrail audit;
    private final AccountDirectory accounts;
    private final ChannelPoster poster;
    private final ApprovalMessageBuilder messages;
    private final ApplyHeartbeat.Timing timing;
    private final Clock clock;

    @Inject
    public InterruptedFixes(PlanStore store, AuditTrail audit, AccountDirectory accounts, ChannelPoster poster,
            ApprovalMessageBuilder messages, ApplyHeartbeat.Timing timing, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.audit = requireNonNull(audit, "audit");
        this.accounts = requireNonNull(accounts, "accounts");
        this.poster = requireNonNull(poster, "poster");
        this.messages = requireNonNull(messages, "messages");
        this.timing = requireNonNull(timing, "timing");
        this.clock = requireNonNull(clock, "clock");
    }

    /** @return how many fixes this call made resumable */
    public int recover() {
        Instant beatBefore = clock.instant().minus(timing.staleAfter());
        int recovered = 0;
        for (PlanRecord rec : store.staleApplying(beatBefore, BATCH)) {
            // another replica may have won, or the apply beat or was resumed since the list was read
            if (!store.failStale(rec.id(), beatBefore)) {
                continue;
            }
            recovered++;
            try {
                audit.record("eksrole", rec.accountId(), rec.roleName(), "interrupted", rec.id(),
                        "the bot applying it stopped (no heartbeat for " + HumanDuration.format(timing.staleAfter()) + ")", "failed");
                Account account = accounts.resolve(rec.accountId());
                FixPlan plan = PlanCodec.decode(rec.planJson());
                poster.update(rec.channelId(), rec.messageTs(), null, messages.outcome(rec.id(), plan, account, rec.requestedBy(),
                        Mrkdwn.of(":warning: eksrole stopped while applying this fix; some steps may be done. Resume runs it again; "
                                + "done steps are skipped."), null, true));
            } catch (UnknownAccountException | RuntimeException e) {
                LOG.warn("plan {} was interrupted and is now resumable, but its message could not be updated: {}", rec.id(), e.toString());
            }
        }
        return recovered;
    }
}
