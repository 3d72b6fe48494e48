package moodstream.streamer.reload;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import moodstream.core.Sha256;
import moodstream.core.image.ImageFormat;
import moodstream.core.image.ImageInfo;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.PreprocessedImage;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.inference.InferenceOptions;
import moodstream.streamer.labeling.LabelMessage;
import moodstream.streamer.labeling.ModelSlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the model file again and, if it is a different model that can take this stream's place,
 * swaps it in. It must have the same labels (downstream consumers read them) and the same
 * preprocessing (images held for a batch were preprocessed for the old one), and it must answer a
 * reference image. Anything else is refused with a log line and a metric, and the old model keeps
 * serving. Runs on the caller's thread (HTTP or the file watcher), never on a stream thread.
 */
public final class ModelReloader {
    private static final Logger log = LoggerFactory.getLogger(ModelReloader.class);

    /** What a reload did. */
    public enum Outcome { RELOADED, UNCHANGED, REFUSED }

    /**
     * @param model  the model serving after the attempt
     * @param reason why it was refused, or null
     */
    public record Result(Outcome outcome, LabelMessage.Model model, String reason) {
    }

    private final ModelSlot slot;
    private final Path file;
    private final InferenceOptions inference;
    private final ImageLimits limits;
    private final Optional<String> noFace;
    private final Clock clock;
    private final MeterRegistry registry;
    private final MultiGauge info;

    public ModelReloader(ModelSlot slot, Path file, InferenceOptions inference, ImageLimits limits, Optional<String> noFace,
                         Clock clock, MeterRegistry registry) {
        this.slot = slot;
        this.file = file;
        this.inference = inference;
        this.limits = limits;
        this.noFace = noFace;
        this.clock = clock;
        this.registry = registry;
        this.info = MultiGauge.builder("moodstream.model.info")
                .description("the model serving now (value 1), by name, version and SHA-256").register(registry);
        for (Outcome outcome : Outcome.values()) {
            counter(outcome); // at 0 from the start, so that rates and alerts have a series before the first reload
        }
        publishInfo();
    }

    /** Synchronized: two reloads at once (a POST and the watcher) would load the file twice for one swap. */
    public synchronized Result reload() {
        LabelMessage.Model serving = slot.peek().model();
        String sha;
        try {
            sha = Sha256.hex(Files.readAllBytes(file));
        } catch (IOException e) {
            return refused(serving, "cannot read " + file + ": " + e.getMessage());
        }
        if (sha.equals(serving.sha256())) {
            count(Outcome.UNCHANGED);
            return new Result(Outcome.UNCHANGED, serving, null);
        }
        ImageClassifier next;
        try {
            next = ImageClassifier.open(file, inference, limits, noFace);
        } catch (RuntimeException e) {
            return refused(serving, e.getMessage());
        }
        String problem = incompatibility(slot.peek().classifier(), next);
        if (problem != null) {
            next.close();
            return refused(serving, problem);
        }
        slot.swap(next, clock.instant());
        LabelMessage.Model now = slot.peek().model();
        log.info("model reloaded from {}: {} {} (SHA-256 {}), was {} {} ({})", file, now.name(), now.version(), now.sha256(),
                serving.name(), serving.version(), serving.sha256());
        count(Outcome.RELOADED);
        publishInfo();
        return new Result(Outcome.RELOADED, now, null);
    }

    /** Why {@code next} cannot replace {@code current}, or null if it can. */
    private static String incompatibility(ImageClassifier current, ImageClassifier next) {
        if (!next.card().labels().equals(current.card().labels())) {
            return "its labels " + next.card().labels() + " are not the serving model's " + current.card().labels()
                    + "; a new set of labels needs a new output topic or a restart";
        }
        PreprocessingSpec was = current.preprocessor().spec();
        PreprocessingSpec is = next.preprocessor().spec();
        if (!is.equals(was)) {
            return "its preprocessing " + is + " is not the serving model's " + was + "; images held for a batch were"
                    + " preprocessed for the serving one: restart the streamer to change preprocessing";
        }
        // Held images of the fallback's shape must fit the new fallback too.
        Optional<PreprocessingSpec> wasFallback = current.preprocessor().fallbackSpec();
        Optional<PreprocessingSpec> isFallback = next.preprocessor().fallbackSpec();
        if (!isFallback.equals(wasFallback)) {
            return "its fallback model's preprocessing " + isFallback.map(Object::toString).orElse("(none)")
                    + " is not the serving one's " + wasFallback.map(Object::toString).orElse("(none)")
                    + ": restart the streamer to change preprocessing";
        }
        try {
            next.classifyAll(List.of(reference(is, false)));
            if (isFallback.isPresent()) {
                next.classifyAll(List.of(reference(isFallback.get(), true)));
            }
        } catch (RuntimeException e) {
            return "it fails on a reference image: " + e.getMessage();
        }
        return null;
    }

    /** A mid-grey input of the spec's shape, for the model or its fallback. */
    private static PreprocessedImage reference(PreprocessingSpec spec, boolean fallback) {
        float[] grey = new float[spec.tensorSize()];
        Arrays.fill(grey, 0.5f);
        return new PreprocessedImage(new ImageInfo(ImageFormat.PNG, spec.width(), spec.height(), 0), grey, null, fallback);
    }

    private Result refused(LabelMessage.Model serving, String reason) {
        log.error("model reload from {} refused, still serving {} {} ({}): {}", file, serving.name(), serving.version(),
                serving.sha256(), reason);
        count(Outcome.REFUSED);
        return new Result(Outcome.REFUSED, serving, reason);
    }

    private void count(Outcome outcome) {
        counter(outcome).increment();
    }

    private Counter counter(Outcome outcome) {
        return Counter.builder("moodstream.model.reloads").description("model reload attempts, by outcome")
                .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
    }

    private void publishInfo() {
        ModelSlot.Served s = slot.peek();
        info.register(List.of(MultiGauge.Row.of(Tags.of("name", s.model().name(), "version", s.model().version(),
                "sha256", s.model().sha256()), 1)), true);
    }
}
