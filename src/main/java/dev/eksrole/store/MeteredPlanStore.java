package dev.eksrole.store;

import static java.util.Objects.requireNonNull;

import dev.eksrole.metrics.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plan store with meters: each change of status this instance wins is counted by its from and to (a plan
 * created is from {@code new}), and the plans waiting for an approver are a gauge. Every status change of the fix
 * workflow, the heartbeat's and the expiry sweep's passes through here, so none is missed.
 */
public final class MeteredPlanStore implements PlanStore {

    static final String TRANSITIONS = "eksrole.plan.transitions";
    static final String PENDING = "eksrole.plans.pending";
    /** Scrapes come every 15 to 60 seconds, from each Prometheus server: one count per few seconds is plenty. */
    static final Duration PENDING_CACHED_FOR = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(MeteredPlanStore.class);
    private static final String NEW = "new";

    private final PlanStore store;
    private final MeterRegistry registry;
    private final LongSupplier nanoClock;
    private long pendingReadAt;
    private double pending = Double.NaN;

    @Inject
    public MeteredPlanStore(JdbcPlanStore store, Meters meters) {
        this(store, meters, System::nanoTime);
    }

    MeteredPlanStore(PlanStore store, Meters meters, LongSupplier nanoClock) {
        this.store = requireNonNull(store, "store");
        this.registry = requireNonNull(meters, "meters").registry();
        this.nanoClock = requireNonNull(nanoClock, "nanoClock");
        Gauge.builder(PENDING, this, MeteredPlanStore::pendingNow)
                .description("Fix plans waiting for an approver (PENDING), counted in the store by at most every "
                        + PENDING_CACHED_FOR.toSeconds() + " s; every replica sees the same number")
                .strongReference(true)
                .register(registry);
    }

    /** PENDING plans, counted afresh when the last count is old or this instance changed a plan since. */
    private synchronized double pendingNow() {
        long now = nanoClock.getAsLong();
        if (Double.isNaN(pending) || now - pendingReadAt >= PENDING_CACHED_FOR.toNanos()) {
            try {
                pending = store.count(PlanStatus.PENDING);
                pendingReadAt = now;
            } catch (RuntimeException e) {
                // a scrape must not fail with the store: the gauge goes missing (NaN) until the store answers again
                LOG.debug("cannot count pending plans for /metrics: {}", e.toString());
                pending = Double.NaN;
            }
        }
        return pending;
    }

    private synchronized void forgetPending() {
        pending = Double.NaN;
    }

    private boolean counted(boolean moved, PlanStatus from, PlanStatus to) {
        if (moved) {
            counter(from == null ? NEW : from.name(), to).increment();
            forgetPending();
        }
        return moved;
    }

    private Counter counter(String from, PlanStatus to) {
        return Counter.builder(TRANSITIONS)
                .description("Changes of a fix plan's status made by this instance, by from and to ('new' for a plan created)")
                .tag("from", from)
                .tag("to", to.name())
                .register(registry);
    }

    @Override
    public void insert(PlanRecord plan) {
        store.insert(plan);
        counted(true, null, plan.status());
    }

    @Override
    public Optional<PlanRecord> find(String id) {
        return store.find(id);
    }

    @Override
    public boolean request(String id, String requestedBy, Instant now, Instant expiresAt) {
        return counted(store.request(id, requestedBy, now, expiresAt), PlanStatus.OFFERED, PlanStatus.PENDING);
    }

    @Override
    public boolean approve(String id, String approver, String holder, Instant now) {
        return counted(store.approve(id, approver, holder, now), PlanStatus.PENDING, PlanStatus.APPLYING);
    }

    @Override
    public boolean resume(String id, String actor, String holder, Instant now) {
        return counted(store.resume(id, actor, holder, now), PlanStatus.FAILED, PlanStatus.APPLYING);
    }

    @Override
    public boolean heartbeat(String id, String holder, Instant now) {
        return store.heartbeat(id, holder, now);
    }

    /** From APPLYING, as a rule; an apply that was taken as interrupted meanwhile ends from FAILED, counted alike. */
    @Override
    public boolean finish(String id, String holder, PlanStatus to) {
        return counted(store.finish(id, holder, to), PlanStatus.APPLYING, to);
    }

    @Override
    public boolean transition(String id, PlanStatus from, PlanStatus to, String actor, Instant now) {
        return counted(store.transition(id, from, to, actor, now), from, to);
    }

    @Override
    public void saveResult(String id, String resultJson) {
        store.saveResult(id, resultJson);
    }

    @Override
    public void saveMessage(String id, String channelId, String messageTs) {
        store.saveMessage(id, channelId, messageTs);
    }

    @Override
    public List<PlanRecord> staleApplying(Instant beatBefore, int limit) {
        return store.staleApplying(beatBefore, limit);
    }

    @Override
    public boolean failStale(String id, Instant beatBefore) {
        return counted(store.failStale(id, beatBefore), PlanStatus.APPLYING, PlanStatus.FAILED);
    }

    @Override
    public List<PlanRecord> expired(PlanStatus status, Instant now, int limit) {
        return store.expired(status, now, limit);
    }

    @Override
    public int count(PlanStatus status) {
        return store.count(status);
    }
}
