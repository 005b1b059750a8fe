package dev.eksrole.watch;

import static java.util.Objects.requireNonNull;

import dev.eksrole.config.WatchSettings;
import dev.eksrole.fix.AuditTrail;
import dev.eksrole.metrics.CheckMetrics;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.AccountScanner;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift watch: every {@code watch.every} it scans the watched accounts and posts only what changed since the last
 * round. Each replica looks on its own daemon thread whether a round is due; the one that claims the store's lease runs
 * it, renewing the lease meanwhile, so one round runs at a time across replicas and a dead holder is replaced once its
 * lease expires. A round that fails is logged and tried again later; it never stops the bot.
 */
public final class DriftWatch implements AutoCloseable {

    /** The requester of the watch's checks: CloudTrail shows the session {@code eksrole-watch}. */
    public static final String REQUESTER = "watch";
    /** Who the audit trail and the posts name for what the watch did. */
    public static final String ACTOR = "eksrole-watch";

    private static final Logger LOG = LoggerFactory.getLogger(DriftWatch.class);

    private final WatchSettings settings;
    private final WatchStore store;
    private final AccountScanner scanner;
    private final DriftPosts posts;
    private final AuditTrail audit;
    private final WatchTiming timing;
    private final CheckMetrics metrics;
    /** This replica's name on the lease: a new one each start, so a restarted bot never mistakes an old lease for its own. */
    private final String holder = UUID.randomUUID().toString();
    private final AtomicLong looks = new AtomicLong();
    private ScheduledExecutorService thread;
    private ScheduledExecutorService renewals;

    @Inject
    public DriftWatch(WatchSettings settings, WatchStore store, AccountScanner scanner, DriftPosts posts, AuditTrail audit,
            WatchTiming timing, CheckMetrics metrics) {
        this.settings = requireNonNull(settings, "settings");
        this.store = requireNonNull(store, "store");
        this.scanner = requireNonNull(scanner, "scanner");
        this.posts = requireNonNull(posts, "posts");
        this.audit = requireNonNull(audit, "audit");
        this.timing = requireNonNull(timing, "timing");
        this.metrics = requireNonNull(metrics, "metrics");
    }

    public WatchSettings settings() {
        return settings;
    }

    /** Looks for due rounds from now on; nothing runs without {@code watch:} in the config. */
    public synchronized void start() {
        if (!settings.enabled() || thread != null) {
            return;
        }
        thread = daemon("eksrole-watch");
        renewals = daemon("eksrole-watch-lease");
        // fixed delay: a round that outlasts the interval delays the next look, never overlaps it
        long every = timing.lookEvery().toMillis();
        thread.scheduleWithFixedDelay(this::look, 0, every, TimeUnit.MILLISECONDS);
        LOG.info("drift watch: every {} over {} account(s), posting to {}", settings.every(), settings.accounts().size(),
                settings.channel());
    }

    /** The time on the watch's clock. */
    public Instant now() {
        return timing.clock().instant();
    }

    /** How many times this replica has looked whether a round is due, finished or not; tests wait on it. */
    public long looks() {
        return looks.get();
    }

    /** The schedule and the last round, as the store has them (whichever replica ran it). */
    public WatchStore.State state() {
        return store.state();
    }

    /** One look: a round when one is due and this replica claims it. */
    void look() {
        try {
            Instant now = timing.clock().instant();
            WatchStore.State state = store.state();
            if (state.nextRoundAt() != null && now.isBefore(state.nextRoundAt())) {
                return;
            }
            if (!store.acquire(holder, now, now.plus(timing.lease()))) {
                return;
            }
            try {
                // read again under the lease: another replica may have finished the round just before we claimed it
                Instant next = store.state().nextRoundAt();
                if (next == null || !now.isBefore(next)) {
                    runHoldingLease(now);
                }
            } finally {
                store.release(holder);
            }
        } catch (RuntimeException e) {
            LOG.warn("drift watch: the round did not run ({}); it is tried again later", e.toString());
        } finally {
            looks.incrementAndGet();
        }
    }

    private void runHoldingLease(Instant startedAt) {
        long every = timing.lookEvery().toMillis();
        ScheduledFuture<?> renewing = renewals.scheduleWithFixedDelay(() -> {
            try {
                if (!store.renew(holder, timing.clock().instant().plus(timing.lease()))) {
                    LOG.warn("drift watch: the lease was taken over while this round ran");
                }
            } catch (RuntimeException e) {
                LOG.warn("drift watch: cannot renew the lease ({})", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        try {
            WatchRound round = round(startedAt);
            if (!store.finish(holder, round, startedAt.plus(settings.every()))) {
                LOG.warn("drift watch: the lease expired during the round; its results are posted, another replica schedules the next");
            }
            LOG.info("drift watch: {} account(s) in {} ms, {} change(s); next round at {}", round.accounts(), round.took().toMillis(),
                    round.changes().size(), startedAt.plus(settings.every()));
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                // the bot is stopping: the round stays due, for the next start or another replica
                LOG.info("drift watch: the round was cut short as the bot stopped; it runs again at the next look");
                return;
            }
            // the scan or the store failed: try again after a pause rather than at every look
            LOG.warn("drift watch: the round failed ({}); trying again in {}", e.toString(), timing.retryAfter());
            try {
                store.schedule(holder, timing.clock().instant().plus(timing.retryAfter()));
            } catch (RuntimeException again) {
                LOG.debug("cannot postpone the watch", again);
            }
        } finally {
            renewing.cancel(false);
        }
    }

    /** Scans, posts each change, and records what it saw; a change not delivered is not recorded, so it is posted again. */
    private WatchRound round(Instant startedAt) {
        long start = System.nanoTime();
        Map<String, AccountState> before = store.accounts();
        List<AccountReport> reports = scanner.scan(settings.accounts(), REQUESTER,
                report -> audit.check(ACTOR, report, "watch"));
        List<String> changes = new ArrayList<>();
        for (AccountReport report : reports) {
            Optional<Drift> drift = Drift.between(Optional.ofNullable(before.get(report.account().id())), report);
            if (drift.isPresent()) {
                if (!posts.post(settings.channel(), drift.get(), startedAt)) {
                    LOG.warn("drift watch: could not post the change in {}; the next round posts it again", report.account().label());
                    continue;
                }
                changes.add(drift.get().line());
            }
            store.save(AccountState.of(report, startedAt));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        metrics.watchRound(reports, took);
        return new WatchRound(startedAt, took, reports.size(), changes);
    }

    /** Stops looking; a round under way is interrupted and its lease freed, as a bot that stops cleanly would. */
    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        thread.shutdownNow();
        renewals.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            store.release(holder);
        } catch (RuntimeException e) {
            LOG.debug("cannot release the watch's lease", e);
        }
        thread = null;
    }

    private static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        });
    }
}
