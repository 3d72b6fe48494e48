package moodstream.streamer.labeling;

import java.time.Duration;

/**
 * How the labeler guards the stream.
 *
 * @param outputLimits         the largest record each output topic takes, read from Kafka at start
 * @param maxInferenceFailures failed inference attempts in a row, with a reference image failing too,
 *                             after which the instance stops ({@code --max-inference-failures})
 * @param retryBackoff         pause before the second attempt; it grows linearly with the attempts
 * @param batching             images per inference call and their longest wait
 */
public record LabelerSettings(OutputLimits outputLimits, int maxInferenceFailures, Duration retryBackoff, MicroBatch batching) {
    public static final int DEFAULT_MAX_INFERENCE_FAILURES = 3;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(500);

    public LabelerSettings {
        if (maxInferenceFailures < 1) {
            throw new IllegalArgumentException("--max-inference-failures must be at least 1, got " + maxInferenceFailures);
        }
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("the retry backoff must not be negative, got " + retryBackoff);
        }
    }

    /** With the default failure policy, unbatched. */
    public static LabelerSettings of(OutputLimits outputLimits) {
        return new LabelerSettings(outputLimits, DEFAULT_MAX_INFERENCE_FAILURES, DEFAULT_RETRY_BACKOFF, MicroBatch.OFF);
    }
}
