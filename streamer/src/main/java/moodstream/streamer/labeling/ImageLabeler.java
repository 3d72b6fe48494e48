package moodstream.streamer.labeling;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import moodstream.core.image.ImageError;
import moodstream.core.image.ImagePreprocessor;
import moodstream.core.image.InvalidImageException;
import moodstream.core.image.PreprocessedImage;
import moodstream.core.inference.Classification;
import moodstream.core.inference.ImageClassifier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels one image record, or routes it to the dead letters with the reason in its headers.
 * Nothing a message contains can throw out of here: a poison pill is dead-lettered, never
 * dropped and never allowed to stop the stream thread, and its dead letter always fits the
 * dead-letter topic ({@link DeadLetters}). What does throw is a failing runtime
 * ({@link ModelRuntimeException}): that stops the instance rather than dead-lettering every
 * image. One record per call; the model and preprocessing are core's, the same the trainer
 * evaluated.
 *
 * <p>A {@link Processor}, not a fixed-key one, only because a dead letter may have to drop a key
 * too large to write; the key is otherwise passed on as the same bytes.
 */
public final class ImageLabeler implements Processor<byte[], byte[], byte[], Routed> {
    private static final Logger log = LoggerFactory.getLogger(ImageLabeler.class);

    private final ImageClassifier classifier;
    private final LabelMessage.Model model;
    private final LabelingMetrics metrics;
    private final Clock clock;
    private final DeadLetters deadLetters;
    private final InferenceGuard inference;
    private ProcessorContext<byte[], Routed> context;

    public ImageLabeler(ImageClassifier classifier, LabelingMetrics metrics, Clock clock, LabelerSettings settings) {
        this.classifier = classifier;
        this.model = new LabelMessage.Model(classifier.card().name(), classifier.card().version(), classifier.model().sha256());
        this.metrics = metrics;
        this.clock = clock;
        this.deadLetters = new DeadLetters(settings.outputLimits(), clock);
        this.inference = new InferenceGuard(classifier, settings.maxInferenceFailures(), settings.retryBackoff());
    }

    @Override
    public void init(ProcessorContext<byte[], Routed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        metrics.received();
        RecordMetadata source = context.recordMetadata().orElseThrow();
        int keyAndHeaders = OutputLimits.keyAndHeadersBytes(record.key(), record.headers().toArray());
        if (keyAndHeaders > OutputLimits.KEY_AND_HEADERS_MAX) {
            deadLetter(record, source, DeadLetterHeaders.KEY_TOO_LARGE, String.format(Locale.ROOT,
                    "the key and headers take %,d bytes, over the %,d allowed; keep image ids and headers short",
                    keyAndHeaders, OutputLimits.KEY_AND_HEADERS_MAX));
            return;
        }
        ImagePreprocessor preprocessor = classifier.preprocessor();
        PreprocessedImage image;
        long start = System.nanoTime();
        try {
            image = preprocessor.preprocess(record.value());
        } catch (InvalidImageException e) {
            deadLetter(record, source, e.error().name(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            // A decoder bug on one odd file must not stop the stream; the code tells it apart.
            deadLetter(record, source, ImageError.CORRUPT.name(), "unexpected decoder failure: " + e);
            return;
        }
        long decoded = System.nanoTime();
        InferenceGuard.Outcome outcome = inference.classify(image, source);
        if (outcome.label() == null) {
            deadLetter(record, source, DeadLetterHeaders.INFERENCE_FAILED, outcome.failure());
            return;
        }
        Classification result = outcome.label();
        long inferred = System.nanoTime();
        metrics.labelled(result.label(), decoded - start, inferred - decoded);
        KeyText id = KeyText.of(record.key());
        LabelMessage message = new LabelMessage(id == null ? null : id.text(), id == null ? null : id.encoding(),
                result.label(), result.score(), result.scores(), model,
                new LabelMessage.Image(image.info().format().imageIoName(), image.info().width(), image.info().height(),
                        image.info().bytes()),
                image.face() == null ? null
                        : new LabelMessage.Face(image.face().x(), image.face().y(), image.face().width(), image.face().height()),
                new LabelMessage.Timings((decoded - start) / 1e6, (inferred - decoded) / 1e6),
                new LabelMessage.Source(source.topic(), source.partition(), source.offset()),
                Instant.now(clock));
        context.forward(record.withValue(Routed.label(LabelJson.write(message))));
    }

    private void deadLetter(Record<byte[], byte[]> record, RecordMetadata source, String code, String message) {
        metrics.deadLettered(code);
        log.debug("dead-lettering {}-{}@{}: {} {}", source.topic(), source.partition(), source.offset(), code, message);
        context.forward(deadLetters.of(record, source, code, message));
    }
}
