package moodstream.streamer.labeling;

import java.time.Duration;
import java.util.Arrays;
import moodstream.core.image.PreprocessedImage;
import moodstream.core.inference.Classification;
import moodstream.core.inference.ImageClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the model on one image and tells a failure of that image from a failure of the runtime.
 * When inference fails, the model is tried on a reference input (a mid-grey image of the model's
 * own size): if that works, the image is at fault and becomes a dead letter. If it fails too, the
 * runtime is, and the same image is retried with a growing pause; after {@code maxFailures}
 * failed attempts in a row a {@link ModelRuntimeException} stops the instance.
 */
final class InferenceGuard {
    private static final Logger log = LoggerFactory.getLogger(InferenceGuard.class);

    /** What became of one image: a label, or why the model refused this image alone. */
    record Outcome(Classification label, String failure) {
    }

    private final int maxFailures;
    private final Duration backoff;

    InferenceGuard(int maxFailures, Duration backoff) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("the number of inference failures before stopping must be at least 1, got " + maxFailures);
        }
        this.maxFailures = maxFailures;
        this.backoff = backoff;
    }

    /**
     * @param source where the image was in Kafka, named in the log and errors (only then made into text:
     *               this runs once per record)
     * @throws ModelRuntimeException when the runtime failed {@code maxFailures} times in a row
     */
    Outcome classify(ImageClassifier classifier, PreprocessedImage image, LabelMessage.Source source) {
        for (int attempt = 1; ; attempt++) {
            RuntimeException failure;
            try {
                return new Outcome(classifier.classify(image), null);
            } catch (RuntimeException e) {
                failure = e;
            }
            String where = source.topic() + "-" + source.partition() + "@" + source.offset();
            if (referenceWorks(classifier, image)) {
                log.warn("inference failed on {} but works on a reference image: dead-lettering it: {}", where, failure.toString());
                return new Outcome(null, "the model failed on this image: " + failure);
            }
            if (attempt >= maxFailures) {
                throw new ModelRuntimeException("the model runtime failed " + attempt + " times in a row (on " + where
                        + " and on a reference image): " + failure + "; this instance stops so that its partitions go to a"
                        + " healthy instance or a restart; check the execution provider (GPU, drivers) and memory", failure);
            }
            log.error("inference failed on {} and on a reference image (attempt {} of {}); retrying: {}", where, attempt,
                    maxFailures, failure.toString());
            pause(backoff.multipliedBy(attempt), failure);
        }
    }

    private static boolean referenceWorks(ImageClassifier classifier, PreprocessedImage image) {
        try {
            // The same networks the image went to (the model, its fallback, or both), with inputs of their shapes.
            classifier.classify(new PreprocessedImage(image.info(), grey(image.pixels()), image.face(), image.fallback(),
                    image.scene() == null ? null : grey(image.scene())));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static float[] grey(float[] like) {
        float[] grey = new float[like.length];
        Arrays.fill(grey, 0.5f);
        return grey;
    }

    private static void pause(Duration pause, RuntimeException failure) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelRuntimeException("interrupted while waiting to retry a failed inference", failure);
        }
    }
}
