package dev.eksrole.fix;

import static java.util.Objects.requireNonNull;

import dev.eksrole.store.PlanStore;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the fixes this process is applying alive in the store. It beats on a thread of its own, so an apply held up
 * by IAM (throttling, a long wait for a new role to become visible) still beats, while a killed process falls silent
 * at once and any replica can then make its fix resumable ({@link InterruptedFixes}).
 */
public final class ApplyHeartbeat implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyHeartbeat.class);

    /**
     * How often an applying process beats, how long a silence means it is gone, and how often every replica looks
     * for such silences.
     */
    public record Timing(Duration every, Duration staleAfter, Duration recoveryEvery) {

        /**
         * 45 s is nine missed beats: a heartbeat waiting out the pool's 10 s connection timeout several times, a long
         * garbage-collection pause or a few seconds of clock skew between replicas all fit in it, and a crashed
         * fix is resumable well within a minute (at most 55 s after the last beat).
         */
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(5), Duration.ofSeconds(45), Duration.ofSeconds(10));

        public Timing {
            requireNonNull(every, "every");
            requireNonNull(staleAfter, "staleAfter");
            requireNonNull(recoveryEvery, "recoveryEvery");
            if (every.isNegative() || every.isZero() || recoveryEvery.isNegative() || recoveryEvery.isZero()) {
                throw new IllegalArgumentException("heartbeat and recovery intervals must be positive");
            }
            if (staleAfter.compareTo(every.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("a heartbeat every " + every + " needs a bound of at least twice that, not "
                        + staleAfter);
            }
        }
    }

    private final PlanStore store;
    private final Clock clock;
    private final Timing timing;
    /** Holder token → plan id, for every apply running in this process. */
    private final Map<String, String> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "eksrole-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public ApplyHeartbeat(PlanStore store, Clock clock, Timing timing) {
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
        this.timing = requireNonNull(timing, "timing");
    }

    /** A token for one apply, recorded with the plan as it is approved or resumed; only it keeps the plan alive. */
    public String newHolder() {
        return UUID.randomUUID().toString();
    }

    /** The plan's apply runs here from now on, as {@code holder}. */
    public void hold(String planId, String holder) {
        held.put(requireNonNull(holder, "holder"), requireNonNull(planId, "planId"));
    }

    /** The apply of {@code holder} is over (or about to be recorded as over): no more beats for it. */
    public void release(String holder) {
        held.remove(requireNonNull(holder, "holder"));
    }

    /** Beats from now on, every {@link Timing#every()}. */
    public void start() {
        long every = timing.every().toMillis();
        beats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * One round: each held plan's heartbeat becomes now. A plan the store refuses is no longer this apply's (taken
     * as interrupted during a silence, e.g. while the store was unreachable): it is dropped, never revived.
     */
    void beat() {
        Instant now = clock.instant();
        held.forEach((holder, planId) -> {
            try {
                if (!store.heartbeat(planId, holder, now) && held.remove(holder, planId)) {
                    LOG.warn("plan {} was taken as interrupted while this bot was still applying it (no heartbeat reached the store "
                            + "for {}); the apply goes on, and its outcome replaces the note unless the plan is resumed meanwhile",
                            planId, HumanDuration.format(timing.staleAfter()));
                }
            } catch (RuntimeException e) {
                LOG.warn("could not refresh the heartbeat of plan {}: {}", planId, e.toString());
            }
        });
    }

    /** Stops beating; call it after the applies have been given their chance to finish. */
    @Override
    public void close() {
        beats.shutdownNow();
        if (!held.isEmpty()) {
            LOG.warn("{} fix(es) still applying as eksrole stops: {} after their last heartbeat, a running replica (or this "
                    + "one at its next start) makes them resumable", held.size(), HumanDuration.format(timing.staleAfter()));
        }
    }

    public Timing timing() {
        return timing;
    }
}
