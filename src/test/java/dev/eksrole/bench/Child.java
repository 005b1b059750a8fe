package dev.eksrole.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/** A process the suite started, timed from just before its start; output goes to files in the run's folder. */
final class Child implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Duration POLL = Duration.ofMillis(5);

    private final String label;
    private final Process process;
    private final long startNanos;
    private final Path stdout;
    private final Path stderr;

    private Child(String label, Process process, long startNanos, Path stdout, Path stderr) {
        this.label = label;
        this.process = process;
        this.startNanos = startNanos;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Child start(String label, ProcessBuilder builder, Map<String, String> env, Path dir) {
        builder.environment().putAll(env);
        int n = SEQUENCE.incrementAndGet();
        Path out = dir.resolve(n + "-" + label + ".out");
        Path err = dir.resolve(n + "-" + label + ".err");
        builder.redirectOutput(out.toFile());
        builder.redirectError(err.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.directory(dir.toFile());
        long start = System.nanoTime();
        try {
            return new Child(label, builder.start(), start, out, err);
        } catch (IOException e) {
            throw new BenchFailure("cannot start " + label + " (" + String.join(" ", builder.command()) + "): " + e.getMessage(), e);
        }
    }

    /** Waits for the process to end by itself; the nanoseconds from start to exit. */
    long awaitExit(Duration deadline) {
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new BenchFailure(label + " did not end within " + deadline.toSeconds() + " s; " + stderrTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted", e);
        }
        return System.nanoTime() - startNanos;
    }

    int exitCode() {
        return process.exitValue();
    }

    /** Polls {@code GET /health} on a fresh connection every few milliseconds; the nanoseconds from start to its first 200. */
    long awaitHealthy(int port, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (healthStatus(port) == 200) {
                return System.nanoTime() - startNanos;
            }
            if (!process.isAlive()) {
                throw new BenchFailure(label + " ended with " + process.exitValue() + " before /health answered 200; " + stderrTail());
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        throw new BenchFailure(label + ": /health did not answer 200 within " + deadline.toSeconds() + " s; " + stderrTail());
    }

    private static int healthStatus(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
            return status == null ? -1 : Integer.parseInt(status.split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Peak and current resident memory of the process and its descendants (a launcher script and its JVM). */
    Memory memory() {
        long hwm = 0;
        long rss = 0;
        for (ProcessHandle handle : Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList()) {
            Path status = Path.of("/proc", Long.toString(handle.pid()), "status");
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        hwm += kilobytes(line);
                    } else if (line.startsWith("VmRSS:")) {
                        rss += kilobytes(line);
                    }
                }
            } catch (IOException e) {
                throw new BenchFailure("cannot read " + status + " (memory is read from Linux's /proc): " + e.getMessage(), e);
            }
        }
        return new Memory(hwm * 1024, rss * 1024);
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** Resident memory in bytes: the peak (VmHWM) and now (VmRSS). */
    record Memory(long peakBytes, long residentBytes) {
    }

    /** Stops it as a container runtime would (SIGTERM), then forcibly if it lingers. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String stdout() {
        return read(stdout);
    }

    /** The last lines of stderr, for a failure message. */
    String stderrTail() {
        List<String> lines = read(stderr).lines().toList();
        List<String> tail = lines.subList(Math.max(0, lines.size() - 8), lines.size());
        return tail.isEmpty() ? "nothing on stderr" : "stderr ends:\n    " + String.join("\n    ", tail);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free port on the loopback interface, for {@code PORT}. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }
}
