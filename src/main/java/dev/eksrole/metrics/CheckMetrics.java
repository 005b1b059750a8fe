package dev.eksrole.metrics;

import static java.util.Objects.requireNonNull;

import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Checks, scans and watch rounds as meters, for every front end alike (Slack, the CLI, the drift watch), without
 * any of them importing another. Labels are the source and the verdict only: both closed sets. Every series exists
 * from the start at zero, so an alert on a rate sees the first check too.
 */
@Singleton
public final class CheckMetrics {

    static final String CHECKS = "eksrole.checks";
    static final String CHECK_DURATION = "eksrole.check.duration";
    static final String SCAN_DURATION = "eksrole.scan.duration";
    static final String WATCH_DURATION = "eksrole.watch.duration";

    /** A check reads a few IAM pages per role, each under a per-call deadline: seconds, at most a minute or two. */
    private static final Duration[] CHECK_BUCKETS = seconds(0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120);
    /** A scan or a watch round covers every configured account: minutes for hundreds of them. */
    private static final Duration[] ROUND_BUCKETS = seconds(1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600);

    private final Map<CheckSource, Map<Severity, Counter>> checks = new EnumMap<>(CheckSource.class);
    private final Map<CheckSource, Timer> checkDurations = new EnumMap<>(CheckSource.class);
    private final Map<CheckSource, Timer> scanDurations = new EnumMap<>(CheckSource.class);
    private final Timer watchDuration;

    @Inject
    public CheckMetrics(Meters meters) {
        MeterRegistry registry = requireNonNull(meters, "meters").registry();
        for (CheckSource source : CheckSource.values()) {
            Map<Severity, Counter> byVerdict = new EnumMap<>(Severity.class);
            for (Severity verdict : Severity.values()) {
                byVerdict.put(verdict, Counter.builder(CHECKS)
                        .description("Accounts checked, by who asked and the verdict; each account of a scan counts once")
                        .tag("source", source.label())
                        .tag("verdict", verdict.name())
                        .register(registry));
            }
            checks.put(source, byVerdict);
            checkDurations.put(source, Timer.builder(CHECK_DURATION)
                    .description("How long a single-account check took, its AssumeRole and every IAM read included")
                    .tag("source", source.label())
                    .serviceLevelObjectives(CHECK_BUCKETS)
                    .register(registry));
            if (source != CheckSource.WATCH) {
                // the watch's rounds are scans with a timer of their own
                scanDurations.put(source, Timer.builder(SCAN_DURATION)
                        .description("How long a scan of every configured account took")
                        .tag("source", source.label())
                        .serviceLevelObjectives(ROUND_BUCKETS)
                        .register(registry));
            }
        }
        watchDuration = Timer.builder(WATCH_DURATION)
                .description("How long a round of the drift watch took")
                .serviceLevelObjectives(ROUND_BUCKETS)
                .register(registry);
    }

    /** A single-account check: counted by its verdict, its time in the duration histogram. */
    public void check(CheckSource source, Severity verdict, Duration took) {
        checks.get(requireNonNull(source, "source")).get(requireNonNull(verdict, "verdict")).increment();
        checkDurations.get(source).record(requireNonNull(took, "took"));
    }

    /**
     * A scan asked for in Slack or on the command line: each account's verdict counted as a check, the whole scan's
     * time in its own histogram.
     */
    public void scan(CheckSource source, List<AccountReport> reports, Duration took) {
        if (requireNonNull(source, "source") == CheckSource.WATCH) {
            throw new IllegalArgumentException("a round of the watch is recorded with watchRound");
        }
        reports.forEach(report -> checks.get(source).get(report.verdict()).increment());
        scanDurations.get(source).record(requireNonNull(took, "took"));
    }

    /** A round of the drift watch: each account's verdict counted as a check from the watch, the round's time. */
    public void watchRound(List<AccountReport> reports, Duration took) {
        reports.forEach(report -> checks.get(CheckSource.WATCH).get(report.verdict()).increment());
        watchDuration.record(requireNonNull(took, "took"));
    }

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos((long) (values[i] * 1_000_000_000L));
        }
        return durations;
    }
}
