package moodstream.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

/**
 * Maps a list on one thread per core and returns the results in input order.
 * An own pool rather than a parallel stream: the common pool is shared with the
 * rest of the JVM, and its size is not ours to pick.
 */
final class Parallel {
    private Parallel() {
    }

    static <T, R> List<R> map(List<T> items, Function<? super T, ? extends R> function) {
        if (items.isEmpty()) {
            return List.of();
        }
        int threads = Math.min(Runtime.getRuntime().availableProcessors(), items.size());
        ThreadFactory daemons = task -> {
            Thread thread = new Thread(task, "moodstream-data");
            thread.setDaemon(true);
            return thread;
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemons);
        try {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(pool.submit(() -> function.apply(item)));
            }
            List<R> results = new ArrayList<>(items.size());
            for (Future<R> future : futures) {
                results.add(await(future));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <R> R await(Future<R> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading images", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
