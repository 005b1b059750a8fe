package dev.eksrole.testing;

import dev.eksrole.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * eksrole as its own process, as a terminal or a container runs it: exit codes, stdout and stderr as a person
 * sees them, logging configured from the real environment. Nothing of this JVM's environment that could reach
 * AWS or Slack, or change eksrole's settings, leaks into the child.
 */
public final class ChildProcess implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code eksrole args...} with only {@code env} as eksrole's, AWS's and Slack's settings; output goes to files in {@code dir}. */
    public static ChildProcess start(Path dir, Map<String, String> env, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("EKSROLE_") || k.startsWith("SLACK_")
                || k.equals("PORT"));
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().putAll(env);
        int n = SEQUENCE.incrementAndGet();
        Path out = dir.resolve("child-" + n + ".out");
        Path err = dir.resolve("child-" + n + ".err");
        builder.redirectOutput(out.toFile());
        builder.redirectError(err.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            return new ChildProcess(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code eksrole args...} to its end. */
    public static Finished run(Path dir, Map<String, String> env, String... args) {
        try (ChildProcess child = start(dir, env, args)) {
            return child.finish();
        }
    }

    /** Waits for the process to end by itself. */
    public Finished finish() {
        try {
            if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("eksrole did not end within " + DEADLINE + "; stderr:\n" + stderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return new Finished(process.exitValue(), stdout(), stderr());
    }

    /** Stops the process as a container runtime would (SIGTERM) and waits for it. */
    public Finished stop() {
        process.destroy();
        return finish();
    }

    /** Polls {@code /health} on the port until it answers 200, failing early if the process ends. */
    public void awaitHealthy(int port) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("eksrole ended with " + process.exitValue() + " before it was healthy; stderr:\n" + stderr());
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A process that ended. */
    public record Finished(int exitCode, String out, String err) {
        /** Stderr's lines, without blank ones. */
        public List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
