package moodstream.sandbox.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import moodstream.core.image.InvalidImageException;
import moodstream.core.image.PreprocessedImage;
import moodstream.core.inference.ImageClassifier;

/**
 * Measurement (a): the streamer's per-record work without Kafka. Each thread does what
 * {@code ImageLabeler} does (decode and preprocess each image, then one inference call per
 * {@code batch} images) on images taken in turn from a shared counter, as the stream threads
 * share one classifier. Images the decoder refuses still count: the streamer spends the decode
 * on them too, then dead-letters them.
 */
final class InProcessBench {
    private final ImageClassifier classifier;
    private final BenchImages images;
    private final int threads;
    private final int batch;

    InProcessBench(ImageClassifier classifier, BenchImages images, int threads, int batch) {
        this.classifier = classifier;
        this.images = images;
        this.threads = threads;
        this.batch = batch;
    }

    /**
     * @param maxImages stop after this many images in all ({@code Long.MAX_VALUE}: no limit)
     * @param seconds   stop at the end of the pass through the images during which this time is up (0: no limit)
     */
    BenchReport.InProcess run(long maxImages, double seconds) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
        Counters counters = new Counters();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            long[] start = new long[1];
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    go.await();
                    long deadline = seconds > 0 ? start[0] + (long) (seconds * 1e9) : Long.MAX_VALUE;
                    List<PreprocessedImage> pending = new ArrayList<>(batch);
                    for (long i = next.getAndIncrement(); i < Math.min(maxImages, stopAt.get()); i = next.getAndIncrement()) {
                        if (System.nanoTime() >= deadline) {
                            // Finish the pass: photos differ a lot in size, and (b) and (c) run whole passes too.
                            stopAt.compareAndSet(Long.MAX_VALUE, Length.roundUpToPasses(i, images.size()));
                            if (i >= stopAt.get()) {
                                break;
                            }
                        }
                        preprocessOne(images.cyclic(i), counters, pending);
                        if (pending.size() >= batch) {
                            inferAll(pending, counters);
                        }
                    }
                    inferAll(pending, counters);
                    return null;
                }));
            }
            // Written before countDown, read after await: the latch publishes it to the workers.
            start[0] = System.nanoTime();
            go.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
            return counters.result(threads, (System.nanoTime() - start[0]) / 1e9);
        } catch (ExecutionException e) {
            throw new IllegalStateException("in-process measurement failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Decode and preprocess one image, timed, as the streamer does per record; a refused one is done here. */
    private void preprocessOne(byte[] encoded, Counters counters, List<PreprocessedImage> pending) {
        long t0 = System.nanoTime();
        try {
            pending.add(classifier.preprocessor().preprocess(encoded));
            counters.decodeNanos.add(System.nanoTime() - t0);
        } catch (InvalidImageException e) {
            counters.decodeNanos.add(System.nanoTime() - t0);
            counters.rejected.increment();
            counters.done.increment();
        }
    }

    /** One inference call for what is pending (a batch of 1 without batching), timed. */
    private void inferAll(List<PreprocessedImage> pending, Counters counters) {
        if (pending.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        classifier.classifyAll(pending);
        counters.inferenceNanos.add(System.nanoTime() - t0);
        counters.done.add(pending.size());
        pending.clear();
    }

    /** What the worker threads add up. */
    private static final class Counters {
        final LongAdder done = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder decodeNanos = new LongAdder();
        final LongAdder inferenceNanos = new LongAdder();

        BenchReport.InProcess result(int threads, double elapsed) {
            long n = done.sum();
            long inferred = n - rejected.sum();
            return new BenchReport.InProcess(threads, n, rejected.sum(), elapsed, n / elapsed,
                    n == 0 ? 0 : decodeNanos.sum() / 1e6 / n, inferred == 0 ? 0 : inferenceNanos.sum() / 1e6 / inferred);
        }
    }
}
