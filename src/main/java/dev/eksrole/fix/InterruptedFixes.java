package dev.eksrole.fix;

import static java.util.Objects.requireNonNull;

import dev.eksrole.config.AccountDirectory;
import dev.eksrole.config.UnknownAccountException;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.store.PlanCodec;
import dev.eksrole.store.PlanRecord;
import dev.eksrole.store.PlanStore;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixes whose bot stopped mid-apply (killed, cut off at shutdown, its host gone) become resumable: a plan APPLYING
 * whose heartbeat ({@link ApplyHeartbeat}) has been silent longer than the bound turns FAILED, and its request is to
 * say so and offer Resume. Every replica looks; one compare-and-set decides which one tells.
 */
public final class InterruptedFixes {

    private static final Logger LOG = LoggerFactory.getLogger(InterruptedFixes.class);
    private static final int BATCH = 100;

    private final PlanStore store;
    private final AuditTrail audit;
    private final AccountDirectory accounts;
    private final ApplyHeartbeat.Timing timing;
    private final Clock clock;

    /**
     * What one look found.
     *
     * @param count how many fixes this look made resumable
     * @param toAnnounce those of them whose requests can be updated (their plan and account read back)
     */
    public record Recovery(int count, List<FixOutcome.Interrupted> toAnnounce) {
        public Recovery {
            toAnnounce = List.copyOf(toAnnounce);
        }
    }

    @Inject
    public InterruptedFixes(PlanStore store, AuditTrail audit, AccountDirectory accounts, ApplyHeartbeat.Timing timing, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.audit = requireNonNull(audit, "audit");
        this.accounts = requireNonNull(accounts, "accounts");
        this.timing = requireNonNull(timing, "timing");
        this.clock = requireNonNull(clock, "clock");
    }

    public Recovery recover() {
        Instant beatBefore = clock.instant().minus(timing.staleAfter());
        int recovered = 0;
        List<FixOutcome.Interrupted> toAnnounce = new ArrayList<>();
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
                toAnnounce.add(new FixOutcome.Interrupted(new Fix(rec, plan, account)));
            } catch (UnknownAccountException | RuntimeException e) {
                LOG.warn("plan {} was interrupted and is now resumable, but its message could not be updated: {}", rec.id(),
                        e.toString());
            }
        }
        return new Recovery(recovered, toAnnounce);
    }
}
