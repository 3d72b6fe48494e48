package moodstream.streamer.labeling;

import java.time.Duration;

/**
 * How many preprocessed images a task holds before one inference call runs on all of them, and
 * for how long at most. The images wait in a logged state store, so under exactly-once the
 * buffer is part of each transaction: a crash loses no held image and labels none twice.
 *
 * @param maxImages images per inference call; 1 labels each record as it comes (no buffer)
 * @param maxWait   the oldest held image is labelled after this long, even if the batch is not full
 *                  (checked by a wall-clock punctuator, so at the stream thread's poll cadence)
 */
public record MicroBatch(int maxImages, Duration maxWait) {
    /** The most images one batch may hold: more only adds latency on a CPU, and memory per task. */
    public static final int MAX_IMAGES = 1024;
    public static final MicroBatch OFF = new MicroBatch(1, Duration.ofMillis(20));

    public MicroBatch {
        if (maxImages < 1 || maxImages > MAX_IMAGES) {
            throw new IllegalArgumentException("--batch-size must be from 1 (no batching) to " + MAX_IMAGES + ", got " + maxImages);
        }
        if (maxWait == null || maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("--batch-max-wait must be positive, got " + maxWait);
        }
    }

    public boolean enabled() {
        return maxImages > 1;
    }
}
