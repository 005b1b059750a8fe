package dev.eksrole.bench;

import static dev.eksrole.testing.aws.FakeAws.AWS;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.eksrole.NodeRoleModule;
import dev.eksrole.aws.AccountSessionCache;
import dev.eksrole.aws.AwsModule;
import dev.eksrole.config.AccountDirectory;
import dev.eksrole.config.ConfigException;
import dev.eksrole.config.ConfigLoader;
import dev.eksrole.config.ConfigModule;
import dev.eksrole.noderole.AccountReport;
import dev.eksrole.noderole.AccountScanner;
import dev.eksrole.testing.AwsWorld;
import dev.eksrole.testing.aws.RecordedCall;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Item 3: a scan of 100 accounts of 300 roles with 50 ms added to every AWS call, in this JVM (the fake too), against
 * the bound that latency sets: the calls the fake recorded, times the latency, over the scan's parallelism. A fresh
 * injector for each scan, so each assumes every access role again, as a new {@code eksrole scan} would.
 */
final class ScanBench {

    static final int ACCOUNTS = 100;
    static final Duration LATENCY = Duration.ofMillis(50);

    private ScanBench() {
    }

    record ScanRun(long wallNanos, long processCpuNanos, long fakeCpuNanos, List<RecordedCall> calls, Map<String, Long> verdicts) {
    }

    static void run(BenchOptions options, Path dir, ResultTable table) throws ConfigException {
        try (AwsWorld world = AwsWorld.start(dir)) {
            for (int i = 0; i < ACCOUNTS; i++) {
                BenchAccounts.populate(world.addTarget(Long.toString(200_000_000_000L + i), "acct-%03d".formatted(i), AWS));
            }
            Path config = world.writeConfig();
            int parallelism = parallelism(config);
            world.fake().latency(LATENCY);
            scan(world, config);
            List<ScanRun> runs = new ArrayList<>();
            for (int run = 0; run < options.scanRuns(); run++) {
                runs.add(scan(world, config));
            }
            Samples wall = Samples.of(runs.stream().map(ScanRun::wallNanos).toList());
            Samples calls = Samples.of(runs.stream().map(r -> (long) r.calls().size()).toList());
            long bound = calls.median() * LATENCY.toNanos() / parallelism;
            table.add("3 scan 100 accounts x 300 roles @50 ms/call, ms (median / p95)", wall.medianAndP95Millis(),
                    "latency bound " + Samples.millis(bound) + " (" + calls.median() + " calls x 50 ms / " + parallelism + ")",
                    ResultTable.ratio(wall.median(), bound));
            // the bound with eight accounts in flight, as the scan had before its parallelism was configurable
            long boundAtEight = calls.median() * LATENCY.toNanos() / 8;
            table.add("  the same scan against the bound at 8 accounts in flight", wall.medianAndP95Millis(),
                    "latency bound " + Samples.millis(boundAtEight) + " (" + calls.median() + " calls x 50 ms / 8)",
                    ResultTable.ratio(wall.median(), boundAtEight));
            Samples ownCpu = Samples.of(runs.stream().map(r -> r.processCpuNanos() - r.fakeCpuNanos()).toList());
            Samples fakeCpu = Samples.of(runs.stream().map(ScanRun::fakeCpuNanos).toList());
            table.add("  CPU of a scan, ms (median; process less the fake's threads)", Samples.millis(ownCpu.median()),
                    "the fake's threads " + Samples.millis(fakeCpu.median()), "-");
            ScanRun last = runs.get(runs.size() - 1);
            table.note("3: scans timed " + options.scanRuns() + ", after an untimed one; " + calls.median() / ACCOUNTS + " calls per account ("
                    + byAction(last.calls()) + "); verdicts " + last.verdicts() + "; peak calls in flight at the fake "
                    + peakInFlight(last.calls()) + " (the bound assumes " + parallelism + ")");
        }
    }

    private static ScanRun scan(AwsWorld world, Path config) throws ConfigException {
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new ConfigModule(new ConfigLoader().load(config)), new AwsModule(),
                new NodeRoleModule());
        try {
            var accounts = injector.getInstance(AccountDirectory.class).all();
            AccountScanner scanner = injector.getInstance(AccountScanner.class);
            world.fake().clearCalls();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            Map<Long, Long> fakeBefore = fakeThreadCpu();
            long cpuBefore = os.getProcessCpuTime();
            long start = System.nanoTime();
            List<AccountReport> reports = scanner.scan(accounts, "eksrole-bench", report -> { });
            long wall = System.nanoTime() - start;
            long cpu = os.getProcessCpuTime() - cpuBefore;
            long fakeCpu = fakeThreadCpu().entrySet().stream().mapToLong(e -> e.getValue() - fakeBefore.getOrDefault(e.getKey(), 0L)).sum();
            Map<String, Long> verdicts = new TreeMap<>(reports.stream().collect(Collectors.groupingBy(r -> r.verdict().name(), Collectors.counting())));
            return new ScanRun(wall, cpu, fakeCpu, world.fake().calls(), verdicts);
        } finally {
            injector.getInstance(AccountSessionCache.class).close();
            injector.getInstance(SdkHttpClient.class).close();
        }
    }

    /** CPU time of the fake's threads (its request pool, its delay scheduler, the JDK server's dispatcher), by thread id. */
    private static Map<Long, Long> fakeThreadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("fake-aws") || thread.getName().equals("HTTP-Dispatcher")) {
                long nanos = threads.getThreadCpuTime(thread.getId());
                if (nanos >= 0) {
                    cpu.put(thread.getId(), nanos);
                }
            }
        }
        return cpu;
    }

    /** The scan's parallelism as the bot would have it with this config, so that the bound follows the code. */
    static int parallelism(Path config) throws ConfigException {
        return new ConfigLoader().load(config).scanParallel();
    }

    private static String byAction(List<RecordedCall> calls) {
        Map<String, Long> counts = new TreeMap<>(calls.stream().collect(Collectors.groupingBy(RecordedCall::action, Collectors.counting())));
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** The most calls that arrived within one latency of each other: how many the scan really had in flight. */
    static int peakInFlight(List<RecordedCall> calls) {
        List<Instant> arrivals = calls.stream().map(RecordedCall::at).sorted().toList();
        int peak = 0;
        int first = 0;
        for (int i = 0; i < arrivals.size(); i++) {
            while (Duration.between(arrivals.get(first), arrivals.get(i)).compareTo(LATENCY) >= 0) {
                first++;
            }
            peak = Math.max(peak, i - first + 1);
        }
        return peak;
    }
}
