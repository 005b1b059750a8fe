package dev.eksrole.slack;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs checks off Slack's request threads, so a handler can acknowledge within Slack's 3 seconds
 * whatever AWS is doing. Bounded: when full it says so instead of queueing without end.
 */
public final class CheckExecutor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckExecutor.class);
    static final int THREADS = 16;
    static final int QUEUE = 256;

    private final ThreadPoolExecutor executor;
    private final java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();

    public CheckExecutor() {
        AtomicInteger count = new AtomicInteger();
        executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), runnable -> {
            Thread thread = new Thread(runnable, "eksrole-check-" + count.incrementAndGet());
            thread.setDaemon(false);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /** @return false when the queue is full or the bot is stopping */
    public boolean submit(Runnable job) {
        try {
            executor.execute(() -> {
                try {
                    job.run();
                } catch (RuntimeException e) {
                    LOG.error("a check job failed", e);
                }
            });
            accepted.incrementAndGet();
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** How many jobs were handed to the pool since start: a request that was refused hands over none. */
    public long accepted() {
        return accepted.get();
    }

    /** Whether every job handed over has finished. */
    public boolean idle() {
        return executor.getActiveCount() == 0 && executor.getQueue().isEmpty();
    }

    /** Lets running checks finish and post (a restart loses nothing in flight), within a bound. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(25, TimeUnit.SECONDS)) {
                LOG.warn("{} checks still running at shutdown", executor.getActiveCount());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
