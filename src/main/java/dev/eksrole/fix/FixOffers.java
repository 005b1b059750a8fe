package dev.eksrole.fix;

import static java.util.Objects.requireNonNull;

import dev.eksrole.store.PlanCodec;
import dev.eksrole.store.PlanRecord;
import dev.eksrole.store.PlanStatus;
import dev.eksrole.store.PlanStore;
import dev.eksrole.config.EksroleConfig;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.FixPlanner;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Stores the fixes a check result offers, so that its buttons need carry nothing but a plan id. */
public final class FixOffers {

    private final PlanStore store;
    private final FixPlanner planner;
    private final Duration expiry;
    private final Clock clock;

    @Inject
    public FixOffers(PlanStore store, FixPlanner planner, EksroleConfig.ApprovalPolicy policy, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.planner = requireNonNull(planner, "planner");
        this.expiry = policy.planExpiry();
        this.clock = requireNonNull(clock, "clock");
    }

    public List<OfferedFix> offer(AccountReport report, String requester) {
        Instant now = clock.instant();
        List<OfferedFix> offered = new ArrayList<>();
        for (FixPlan plan : planner.offers(report)) {
            String id = UUID.randomUUID().toString();
            store.insert(record(id, plan, PlanStatus.OFFERED, requester, now, now.plus(expiry)));
            offered.add(new OfferedFix(id, plan));
        }
        return offered;
    }

    static PlanRecord record(String id, FixPlan plan, PlanStatus status, String requester, Instant now, Instant expiresAt) {
        return new PlanRecord(id, plan.accountId(), plan.kind().name(), plan.roleName(), PlanCodec.encode(plan), status,
                requester, now, expiresAt, null, null, null, null, null);
    }
}
