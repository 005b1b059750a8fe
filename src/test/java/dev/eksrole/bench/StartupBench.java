package dev.eksrole.bench;

import static dev.eksrole.testing.aws.FakeAws.AWS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksrole.testing.AwsWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Item 1: {@code eksrole check prod-eu --json} as its own process against the IAM/STS fake in this JVM (no added
 * latency), start to exit, against a hello-world JVM started the same way; and the classes each loads.
 */
final class StartupBench {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private StartupBench() {
    }

    static void run(BenchOptions options, Launch launch, Path dir, ResultTable table) {
        try (AwsWorld world = AwsWorld.start(dir)) {
            BenchAccounts.populate(world.addTarget("111111111111", "prod-eu", AWS));
            Map<String, String> env = world.childEnvironment();
            String verdict = check(launch, env, dir, List.of()).verdict();
            hello(launch, dir, List.of());
            List<Long> eksrole = new ArrayList<>();
            List<Long> hello = new ArrayList<>();
            for (int run = 0; run < options.runs(); run++) {
                // alternate which goes first, so that a drift in the machine's load falls on both alike
                if (run % 2 == 0) {
                    hello.add(hello(launch, dir, List.of()));
                    eksrole.add(check(launch, env, dir, List.of()).nanos());
                } else {
                    eksrole.add(check(launch, env, dir, List.of()).nanos());
                    hello.add(hello(launch, dir, List.of()));
                }
            }
            Samples e = Samples.of(eksrole);
            Samples h = Samples.of(hello);
            table.add("1 check start-up, ms (median / p95)", e.medianAndP95Millis(), "hello-world JVM " + h.medianAndP95Millis(),
                    ResultTable.ratio(e.median(), h.median()));
            Path eksroleLog = dir.resolve("eksrole-class-load.log");
            Path helloLog = dir.resolve("hello-class-load.log");
            world.fake().clearCalls();
            check(launch, env, dir, List.of("-Xlog:class+load=info:file=" + eksroleLog));
            int calls = world.fake().calls().size();
            hello(launch, dir, List.of("-Xlog:class+load=info:file=" + helloLog));
            ClassCount ec = ClassCount.of(eksroleLog);
            ClassCount hc = ClassCount.of(helloLog);
            table.add("  classes loaded (of them from CDS)", ec.text(), "hello-world JVM " + hc.text(),
                    ResultTable.ratio(ec.loaded(), hc.loaded()));
            table.note("1: " + options.runs() + " runs each, interleaved; account of " + BenchAccounts.ROLES + " roles, verdict " + verdict
                    + ", " + calls + " AWS calls per check");
        }
    }

    record CheckRun(long nanos, String verdict) {
    }

    private static CheckRun check(Launch launch, Map<String, String> env, Path dir, List<String> extraJvmOptions) {
        try (Child child = Child.start("check", launch.eksrole(extraJvmOptions, "check", "prod-eu", "--json"), env, dir)) {
            long nanos = child.awaitExit(DEADLINE);
            String out = child.stdout();
            try {
                JsonNode report = JSON.readTree(out);
                if (report == null || !report.has("verdict") || child.exitCode() > 3) {
                    throw new BenchFailure("check ended with " + child.exitCode() + " and no verdict; " + child.stderrTail());
                }
                return new CheckRun(nanos, report.get("verdict").asText());
            } catch (IOException e) {
                String first = out.lines().findFirst().orElse("");
                throw new BenchFailure("check's stdout is not one JSON object (exit " + child.exitCode() + "), it begins: " + first
                        + "; " + child.stderrTail(), e);
            }
        }
    }

    private static long hello(Launch launch, Path dir, List<String> extraJvmOptions) {
        try (Child child = Child.start("hello", launch.hello(extraJvmOptions), Map.of(), dir)) {
            long nanos = child.awaitExit(DEADLINE);
            if (child.exitCode() != 0 || !child.stdout().strip().equals("hello")) {
                throw new BenchFailure("the hello-world JVM ended with " + child.exitCode() + "; " + child.stderrTail());
            }
            return nanos;
        }
    }

    /** Lines of a {@code -Xlog:class+load} log, and those whose source is the class-data sharing archive. */
    record ClassCount(long loaded, long shared) {
        static ClassCount of(Path log) {
            try {
                List<String> lines = Files.readAllLines(log);
                long loaded = lines.stream().filter(l -> l.contains("[class,load]")).count();
                long shared = lines.stream().filter(l -> l.contains("[class,load]") && l.contains("source: shared objects file")).count();
                return new ClassCount(loaded, shared);
            } catch (IOException e) {
                throw new BenchFailure("no class-load log at " + log + " (did the launcher pass JDK_JAVA_OPTIONS to java?)", e);
            }
        }

        String text() {
            return String.format(java.util.Locale.ROOT, "%,d (%,d)", loaded, shared);
        }
    }
}
