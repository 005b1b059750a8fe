package dev.eksrole.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the suite runs and how it starts eksrole. The eksrole side takes its own JVM options and, instead of
 * {@code java -jar}, a launcher, so that one suite compares the packaged launch paths against plain {@code java -jar}.
 *
 * @param jar the shaded jar ({@code target/eksrole.jar}); the bare Bolt baseline loads Bolt and Jetty from it too
 * @param java the {@code java} that starts eksrole (without a launcher) and every baseline
 * @param eksroleJvmOptions added before {@code -jar} for eksrole, or given to a launcher in {@code JDK_JAVA_OPTIONS}
 * @param baselineJvmOptions added before {@code -jar} for the hello-world JVM and the bare Bolt app
 * @param launcher runs as {@code <launcher> check ...} instead of {@code java -jar eksrole.jar}, or null
 */
record BenchOptions(Path jar, Path java, List<String> eksroleJvmOptions, List<String> baselineJvmOptions, Path launcher,
        int runs, int scanRuns, int burstRounds, Set<Integer> items, double maxLoad, int maxWaitSeconds) {

    static final String USAGE = """
            usage: Suite [options]
              --jar PATH                   the shaded jar (default target/eksrole.jar)
              --java PATH                  the java that starts eksrole and the baselines (default: this JVM's)
              --eksrole-jvm-opts "OPTS"    JVM options for eksrole only, e.g. "-XX:SharedArchiveFile=app.jsa -XX:TieredStopAtLevel=1"
              --baseline-jvm-opts "OPTS"   JVM options for the hello-world JVM and the bare Bolt app
              --launcher PATH              start eksrole as PATH <command> (JVM options go in JDK_JAVA_OPTIONS)
              --runs N                     runs of each start-up figure, items 1-2 (default 10)
              --scan-runs N                scans, item 3 (default 5)
              --burst-rounds N             rounds of 50 concurrent checks, items 4-5 (default 3)
              --only 1,2,...               the items to run (default all: 1 check start-up, 2 serve to /health,
                                           3 scan, 4 concurrent checks over Slack, 5 memory after them)
              --max-load X                 wait for the 1-minute load average to fall to X first (default 1.5)
              --max-wait SECONDS           but no longer than this (default 240)
            """;

    static BenchOptions parse(String[] args) {
        Path jar = Path.of("target", "eksrole.jar");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> eksroleOptions = List.of();
        List<String> baselineOptions = List.of();
        Path launcher = null;
        int runs = 10;
        int scanRuns = 5;
        int burstRounds = 3;
        Set<Integer> items = new LinkedHashSet<>(List.of(1, 2, 3, 4, 5));
        double maxLoad = 1.5;
        int maxWait = 240;
        List<String> words = Arrays.stream(args).filter(a -> !a.isBlank()).toList();
        for (int i = 0; i < words.size(); i++) {
            String option = words.get(i);
            String value = null;
            int eq = option.indexOf('=');
            if (option.startsWith("--") && eq > 0) {
                value = option.substring(eq + 1);
                option = option.substring(0, eq);
            } else if (option.startsWith("--") && i + 1 < words.size()) {
                value = words.get(i + 1);
            }
            if (option.equals("--help") || option.equals("-h")) {
                throw new UsageException(null);
            }
            if (value == null) {
                throw new UsageException(option.startsWith("--") ? option + " needs a value" : "unknown argument: " + option);
            }
            if (eq < 0) {
                i++;
            }
            switch (option) {
                case "--jar" -> jar = Path.of(value);
                case "--java" -> java = Path.of(value);
                case "--eksrole-jvm-opts" -> eksroleOptions = split(value);
                case "--baseline-jvm-opts" -> baselineOptions = split(value);
                case "--launcher" -> launcher = Path.of(value);
                case "--runs" -> runs = positive(option, value);
                case "--scan-runs" -> scanRuns = positive(option, value);
                case "--burst-rounds" -> burstRounds = positive(option, value);
                case "--only" -> items = items(value);
                case "--max-load" -> maxLoad = number(option, value);
                case "--max-wait" -> maxWait = (int) number(option, value);
                default -> throw new UsageException("unknown option: " + option);
            }
        }
        return new BenchOptions(jar.toAbsolutePath(), java, eksroleOptions, baselineOptions,
                launcher == null ? null : launcher.toAbsolutePath(), runs, scanRuns, burstRounds, items, maxLoad, maxWait);
    }

    /** How eksrole is started, as the output says it. */
    String eksroleLaunch() {
        String options = eksroleJvmOptions.isEmpty() ? "" : " " + String.join(" ", eksroleJvmOptions);
        return launcher != null ? launcher + " (JDK_JAVA_OPTIONS=" + options.strip() + ")" : "java" + options + " -jar " + jar;
    }

    private static List<String> split(String value) {
        return Arrays.stream(value.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException(option + " takes a whole number above 0, not " + value);
    }

    private static double number(String option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a number, not " + value);
        }
    }

    private static Set<Integer> items(String value) {
        Set<Integer> items = new LinkedHashSet<>();
        for (String word : value.split(",")) {
            try {
                int item = Integer.parseInt(word.strip());
                if (item >= 1 && item <= 5) {
                    items.add(item);
                    continue;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new UsageException("--only takes item numbers from 1 to 5, like 1,3; not " + value);
        }
        return items;
    }

    /** Bad arguments: the message (null for --help) and the usage. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
