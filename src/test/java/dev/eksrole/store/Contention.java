package dev.eksrole.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/** Runs the same call on many threads released at the same moment, and counts who got {@code true}. */
final class Contention {

    private Contention() {
    }

    /** @param call given the thread's number, makes the call; every thread is ready before any starts */
    static int winners(int threads, IntPredicate call) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int number = i;
                Callable<Boolean> task = () -> {
                    ready.countDown();
                    go.await();
                    return call.test(number);
                };
                results.add(executor.submit(task));
            }
            ready.await(30, TimeUnit.SECONDS);
            go.countDown();
            int winners = 0;
            for (Future<Boolean> result : results) {
                if (result.get(60, TimeUnit.SECONDS)) {
                    winners++;
                }
            }
            return winners;
        } finally {
            executor.shutdownNow();
        }
    }
}
