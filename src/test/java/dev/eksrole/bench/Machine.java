package dev.eksrole.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Facts about the machine that the figures depend on, printed with them. */
final class Machine {

    private Machine() {
    }

    /** The 1-, 5- and 15-minute load averages as Linux reports them. */
    static String loadAverages() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static double load1() {
        try {
            return Double.parseDouble(loadAverages().split(" ")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Waits, up to {@code maxWait}, for the 1-minute load average to fall to {@code maxLoad}: others' builds share
     * these cores. Says what the load was and how long it waited.
     */
    static String awaitQuiet(double maxLoad, Duration maxWait) {
        String before = loadAverages();
        long start = System.nanoTime();
        long end = start + maxWait.toNanos();
        while (load1() > maxLoad && System.nanoTime() < end) {
            try {
                TimeUnit.SECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long waited = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        String now = loadAverages();
        if (waited == 0) {
            return "load average " + now + " (1, 5, 15 min) at start";
        }
        return String.format(Locale.ROOT, "load average %s at first; waited %d s for it to fall to %.1f; %s at start%s", before,
                waited, maxLoad, now, load1() > maxLoad ? " (still above: a busy machine)" : "");
    }

    static String cpu() {
        String model = "unknown CPU";
        try {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(model);
        } catch (IOException e) {
            // the model is only informative
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + model + ")";
    }

    static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 + " MB").findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The first two lines of {@code java -version} of the JVM that runs the children. */
    static String javaVersion(Path java) {
        try {
            Process process = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            List<String> lines = text.lines().toList();
            return String.join("; ", lines.subList(0, Math.min(3, lines.size())));
        } catch (IOException e) {
            return "cannot run " + java + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
