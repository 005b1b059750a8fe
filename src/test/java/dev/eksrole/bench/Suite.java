package dev.eksrole.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The benchmark suite the performance work is judged by: each figure beside a baseline measured in the same run on
 * the same machine, interleaved where noise matters, as a table. Figures only; nothing here passes or fails on time.
 * Run with {@code mvn -B -q -Pbench verify} (see the README) or {@code java -cp <test classpath> dev.eksrole.bench.Suite}.
 */
public final class Suite {

    private Suite() {
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("bench: " + e.getMessage());
            }
            System.err.print(BenchOptions.USAGE);
            System.exit(e.getMessage() == null ? 0 : 64);
            return;
        }
        System.exit(run(options));
    }

    static int run(BenchOptions options) {
        System.out.println("eksrole benchmark suite: items " + options.items());
        System.out.println("waiting for a quiet machine (1-minute load average at most " + options.maxLoad() + ", up to "
                + options.maxWaitSeconds() + " s)...");
        String startLoad = Machine.awaitQuiet(options.maxLoad(), Duration.ofSeconds(options.maxWaitSeconds()));
        BenchJars jars;
        try {
            jars = BenchJars.build(options.jar());
        } catch (BenchFailure e) {
            System.err.println("bench: " + e.getMessage());
            return 1;
        }
        Launch launch = new Launch(options, jars);
        ResultTable table = new ResultTable();
        List<String> failures = new ArrayList<>();
        Path dir = temporaryFolder();
        for (int item : options.items()) {
            if (item == 5 && options.items().contains(4)) {
                continue;
            }
            String load = Machine.loadAverages();
            long start = System.nanoTime();
            System.out.println("item " + item + "...");
            try {
                Path itemDir = Files.createDirectories(dir.resolve("item-" + item));
                switch (item) {
                    case 1 -> StartupBench.run(options, launch, itemDir, table);
                    case 2 -> ServeBench.run(options, launch, itemDir, table);
                    case 3 -> ScanBench.run(options, itemDir, table);
                    case 4, 5 -> BurstBench.run(options, launch, itemDir, table);
                    default -> throw new IllegalStateException("no item " + item);
                }
            } catch (Exception e) {
                failures.add("item " + item + " failed: " + e.getMessage());
            }
            table.note(String.format(Locale.ROOT, "item %d%s took %.0f s; load average %s before it, %s after", item,
                    item == 4 && options.items().contains(5) ? " (and 5)" : "", (System.nanoTime() - start) / 1e9, load,
                    Machine.loadAverages()));
        }
        System.out.println();
        System.out.println("machine:  " + Machine.cpu() + ", " + Machine.memory() + " of memory");
        System.out.println("JVM:      " + Machine.javaVersion(options.java()));
        System.out.println("eksrole:  " + options.eksroleLaunch());
        System.out.println("baseline: java" + (options.baselineJvmOptions().isEmpty() ? "" : " " + String.join(" ", options.baselineJvmOptions()))
                + " -jar " + jars.hello().getFileName() + " / " + jars.bareBolt().getFileName() + " (in " + jars.hello().getParent() + ")");
        System.out.println("start:    " + startLoad);
        System.out.println();
        System.out.print(table.render());
        System.out.println();
        System.out.println("end:      load average " + Machine.loadAverages() + " (1, 5, 15 min)");
        failures.forEach(f -> System.out.println("FAILED   " + f));
        if (failures.isEmpty()) {
            delete(dir);
        } else {
            System.out.println("the processes' output is kept in " + dir);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("eksrole-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
