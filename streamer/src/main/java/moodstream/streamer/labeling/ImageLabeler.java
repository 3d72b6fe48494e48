package moodstream.streamer.labeling;

import java.time.Clock;
import java.time.Instant;
import moodstream.core.image.ImageError;
import moodstream.core.image.ImagePreprocessor;
import moodstream.core.image.InvalidImageException;
import moodstream.core.image.PreprocessedImage;
import moodstream.core.inference.Classification;
import moodstream.core.inference.ImageClassifier;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels one image record, or routes it to the dead letters with the reason in its headers.
 * Nothing a message contains can throw out of here: a poison pill is dead-lettered, never
 * dropped and never allowed to stop the stream thread. One record per call; the model and
 * preprocessing are core's, the same the trainer evaluated.
 */
public final class ImageLabeler implements FixedKeyProcessor<String, byte[], Routed> {
    private static final Logger log = LoggerFactory.getLogger(ImageLabeler.class);

    private final ImageClassifier classifier;
    private final LabelMessage.Model model;
    private final LabelingMetrics metrics;
    private final Clock clock;
    private FixedKeyProcessorContext<String, Routed> context;

    public ImageLabeler(ImageClassifier classifier, LabelingMetrics metrics, Clock clock) {
        this.classifier = classifier;
        this.model = new LabelMessage.Model(classifier.card().name(), classifier.card().version(), classifier.model().sha256());
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Routed> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        metrics.received();
        RecordMetadata source = context.recordMetadata().orElseThrow();
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
        Classification result;
        try {
            result = classifier.classify(image);
        } catch (RuntimeException e) {
            log.error("inference failed on {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), e.toString());
            deadLetter(record, source, DeadLetterHeaders.INFERENCE_FAILED, e.getMessage());
            return;
        }
        long inferred = System.nanoTime();
        metrics.labelled(result.label(), decoded - start, inferred - decoded);
        LabelMessage message = new LabelMessage(record.key(), result.label(), result.score(), result.scores(), model,
                new LabelMessage.Image(image.info().format().imageIoName(), image.info().width(), image.info().height(),
                        image.info().bytes()),
                new LabelMessage.Timings((decoded - start) / 1e6, (inferred - decoded) / 1e6),
                new LabelMessage.Source(source.topic(), source.partition(), source.offset()),
                Instant.now(clock));
        context.forward(record.withValue(Routed.label(LabelJson.write(message))));
    }

    private void deadLetter(FixedKeyRecord<String, byte[]> record, RecordMetadata source, String code, String message) {
        metrics.deadLettered(code);
        log.debug("dead-lettering {}-{}@{}: {} {}", source.topic(), source.partition(), source.offset(), code, message);
        // A copy: headers may be shared with the input record, which Kafka Streams still holds.
        Headers headers = DeadLetterHeaders.annotate(new RecordHeaders(record.headers().toArray()), code, message,
                source.topic(), source.partition(), source.offset(), Instant.now(clock).toString());
        context.forward(record.withValue(Routed.deadLetter(record.value())).withHeaders(headers));
    }
}
