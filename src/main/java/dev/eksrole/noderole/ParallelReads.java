package dev.eksrole.noderole;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The one bounded pool every check's EKS reads run on, so that regions, clusters and node groups are
 * read at once without a thread per call. Reads are chained, never waited for on the pool, so a full pool
 * only queues them.
 */
public final class ParallelReads implements AutoCloseable {

    /** Enough for a few checks' clusters at once; the HTTP client allows 64 connections. */
    public static final int THREADS = 64;

    private final ExecutorService pool;

    public ParallelReads(int threads) {
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "eksrole-read-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    <T> CompletableFuture<T> supply(Supplier<T> read) {
        return CompletableFuture.supplyAsync(read, pool);
    }

    /** What a read on another thread answered, or what it threw, as if it had been read on this thread. */
    public static <T> T await(CompletableFuture<T> read) {
        try {
            return read.join();
        } catch (CompletionException | CancellationException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
