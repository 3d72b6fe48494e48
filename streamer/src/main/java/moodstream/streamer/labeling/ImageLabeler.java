package moodstream.streamer.labeling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import moodstream.core.image.ImageError;
import moodstream.core.image.InvalidImageException;
import moodstream.core.image.PreprocessedImage;
import moodstream.core.inference.Classification;
import moodstream.core.inference.ImageClassifier;
import moodstream.streamer.stats.Tally;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels image records, or routes them to the dead letters with the reason in their headers.
 * Nothing a message contains can throw out of here: a poison pill is dead-lettered, never
 * dropped and never allowed to stop the stream thread, and its dead letter always fits the
 * dead-letter topic ({@link DeadLetters}). What does throw is a failing runtime
 * ({@link ModelRuntimeException}): that stops the instance rather than dead-lettering every
 * image. The model and preprocessing are core's, the same the trainer evaluated.
 *
 * <p>Each record is preprocessed as it comes. With {@link MicroBatch} off, it is then classified
 * alone. With it on, its tensor waits in the {@link #BATCH_STORE} store until the batch is full
 * or its oldest image has waited {@link MicroBatch#maxWait()}; then one inference call labels the
 * batch and the labels go out in input order. The store is logged, so under exactly-once what it
 * holds is committed with the input offsets: after a crash the held images come back with the
 * store, and the ones that were not committed are read again.
 *
 * <p>A {@link Processor}, not a fixed-key one, only because a dead letter may have to drop a key
 * too large to write; the key is otherwise passed on as the same bytes.
 */
public final class ImageLabeler implements Processor<byte[], byte[], byte[], Routed> {
    /** The state store of held images, keyed by input offset (one input partition per task). */
    public static final String BATCH_STORE = "pending-images";
    private static final Logger log = LoggerFactory.getLogger(ImageLabeler.class);

    private final ModelSlot models;
    private final LabelingMetrics metrics;
    private final Clock clock;
    private final DeadLetters deadLetters;
    private final InferenceGuard inference;
    private final MicroBatch batching;
    private ProcessorContext<byte[], Routed> context;
    private KeyValueStore<Long, PendingImage> held;
    private int heldCount;
    private long oldestHeldMs;

    /** Serves whatever model {@code models} holds at each record or batch: a reload takes effect between them. */
    public ImageLabeler(ModelSlot models, LabelingMetrics metrics, Clock clock, LabelerSettings settings) {
        this.models = models;
        this.metrics = metrics;
        this.clock = clock;
        this.deadLetters = new DeadLetters(settings.outputLimits(), clock);
        this.inference = new InferenceGuard(settings.maxInferenceFailures(), settings.retryBackoff());
        this.batching = settings.batching();
    }

    /** Serves one model for good. */
    public ImageLabeler(ImageClassifier classifier, LabelingMetrics metrics, Clock clock, LabelerSettings settings) {
        this(new ModelSlot(classifier, Instant.now(clock)), metrics, clock, settings);
    }

    @Override
    public void init(ProcessorContext<byte[], Routed> context) {
        this.context = context;
        this.held = context.getStateStore(BATCH_STORE);
        // Restored from the changelog before init: images held when this task last ran, here or on another instance.
        heldCount = 0;
        oldestHeldMs = Long.MAX_VALUE;
        try (KeyValueIterator<Long, PendingImage> all = held.all()) {
            while (all.hasNext()) {
                heldCount++;
                oldestHeldMs = Math.min(oldestHeldMs, all.next().value.heldSinceMs());
            }
        }
        if (heldCount > 0) {
            log.info("task {}: {} held image(s) restored, labelled within {}", context.taskId(), heldCount, batching.maxWait());
        }
        // Scheduled with batching off too, so that images held by an earlier run with it on are still
        // labelled; then once a second is enough, rather than 50 wake-ups a second per task for nothing.
        long every = batching.enabled() ? Math.max(1, batching.maxWait().toMillis() / 2) : 1000;
        context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (heldCount > 0 && now - oldestHeldMs >= batching.maxWait().toMillis()) {
                flush();
            }
        });
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        metrics.received();
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        LabelMessage.Source source = new LabelMessage.Source(metadata.topic(), metadata.partition(), metadata.offset());
        int keyAndHeaders = OutputLimits.keyAndHeadersBytes(record.key(), record.headers().toArray());
        if (keyAndHeaders > OutputLimits.KEY_AND_HEADERS_MAX) {
            deadLetter(record, source, DeadLetterHeaders.KEY_TOO_LARGE, String.format(Locale.ROOT,
                    "the key and headers take %,d bytes, over the %,d allowed; keep image ids and headers short",
                    keyAndHeaders, OutputLimits.KEY_AND_HEADERS_MAX));
            return;
        }
        ModelSlot.Served served = models.acquire();
        try {
            PreprocessedImage image;
            long start = System.nanoTime();
            try {
                image = served.classifier().preprocessor().preprocess(record.value());
            } catch (InvalidImageException e) {
                deadLetter(record, source, e.error().name(), e.getMessage());
                return;
            } catch (RuntimeException e) {
                // A decoder bug on one odd file must not stop the stream; the code tells it apart.
                deadLetter(record, source, ImageError.CORRUPT.name(), "unexpected decoder failure: " + e);
                return;
            }
            PendingImage pending = new PendingImage(record.key(), record.headers().toArray(), record.timestamp(), source, image,
                    System.nanoTime() - start, context.currentSystemTimeMs());
            if (!batching.enabled() && heldCount == 0) {
                label(served, List.of(pending), record);
                return;
            }
            hold(pending);
        } finally {
            models.release(served);
        }
        if (heldCount >= batching.maxImages()) {
            flush();
        }
    }

    /**
     * Into the store until the batch is labelled. A reload keeps the preprocessing (ModelReloader
     * refuses one that changes it), so a held tensor fits whichever model labels its batch.
     */
    private void hold(PendingImage pending) {
        held.put(pending.source().offset(), pending);
        if (heldCount++ == 0) {
            oldestHeldMs = pending.heldSinceMs();
        }
    }

    /** Labels every held image in one inference call, in offset order, and empties the store. */
    private void flush() {
        List<PendingImage> batch = new ArrayList<>(heldCount);
        List<Long> offsets = new ArrayList<>(heldCount);
        try (KeyValueIterator<Long, PendingImage> all = held.all()) {
            while (all.hasNext()) {
                KeyValue<Long, PendingImage> next = all.next();
                offsets.add(next.key);
                batch.add(next.value);
            }
        }
        ModelSlot.Served served = models.acquire();
        try {
            label(served, batch, null);
        } finally {
            models.release(served);
        }
        offsets.forEach(held::delete);
        heldCount = 0;
        oldestHeldMs = Long.MAX_VALUE;
    }

    /**
     * One inference call for the batch; if it fails, each image alone through the guard, which
     * tells an image the model cannot take from a failing runtime.
     *
     * @param original the input record when the batch is that one record, unbatched; null for held
     *                 images, whose bytes were not kept
     */
    private void label(ModelSlot.Served served, List<PendingImage> batch, Record<byte[], byte[]> original) {
        ImageClassifier classifier = served.classifier();
        List<PreprocessedImage> images = new ArrayList<>(batch.size());
        batch.forEach(p -> images.add(p.image()));
        long start = System.nanoTime();
        List<Classification> results;
        try {
            results = classifier.classifyAll(images);
        } catch (RuntimeException batchFailure) {
            log.warn("inference failed on a batch of {}; classifying its images one by one: {}", batch.size(), batchFailure.toString());
            results = new ArrayList<>(batch.size());
            for (PendingImage p : batch) {
                InferenceGuard.Outcome outcome = inference.classify(classifier, p.image(), p.source());
                if (outcome.label() == null) {
                    deadLetter(original != null ? original : withoutValue(p), p.source(), DeadLetterHeaders.INFERENCE_FAILED,
                            outcome.failure());
                }
                results.add(outcome.label());
            }
        }
        long perImage = (System.nanoTime() - start) / batch.size();
        for (int i = 0; i < batch.size(); i++) {
            if (results.get(i) != null) {
                forwardLabel(served.model(), batch.get(i), results.get(i), perImage);
            }
        }
    }

    private void forwardLabel(LabelMessage.Model model, PendingImage p, Classification result, long inferenceNanos) {
        metrics.labelled(result.label(), p.decodeNanos(), inferenceNanos);
        KeyText id = KeyText.of(p.key());
        PreprocessedImage image = p.image();
        LabelMessage message = new LabelMessage(id == null ? null : id.text(), id == null ? null : id.encoding(),
                result.label(), result.score(), result.scores(), model,
                new LabelMessage.Image(image.info().format().imageIoName(), image.info().width(), image.info().height(),
                        image.info().bytes()),
                image.face() == null ? null
                        : new LabelMessage.Face(image.face().x(), image.face().y(), image.face().width(), image.face().height()),
                image.path(),
                new LabelMessage.Timings(p.decodeNanos() / 1e6, inferenceNanos / 1e6),
                p.source(),
                Instant.now(clock));
        context.forward(new Record<>(p.key(), Routed.label(LabelJson.write(message), Tally.label(result.label(), result.score(), model.name(),
                model.version(), model.sha256())), p.timestamp(), new RecordHeaders(p.headers())));
        metrics.endToEnd(context.currentSystemTimeMs() - p.timestamp());
    }

    /** A held image's record for its dead letter: the bytes were not kept, its source offset says where they are. */
    private static Record<byte[], byte[]> withoutValue(PendingImage p) {
        RecordHeaders headers = new RecordHeaders(p.headers());
        headers.add(DeadLetterHeaders.VALUE_OMITTED, DeadLetterHeaders.utf8("the image was held for a batch as its tensor;"
                + " its bytes are at the source topic, partition and offset in these headers"));
        return new Record<>(p.key(), null, p.timestamp(), headers);
    }

    private void deadLetter(Record<byte[], byte[]> record, LabelMessage.Source source, String code, String message) {
        metrics.deadLettered(code);
        log.debug("dead-lettering {}-{}@{}: {} {}", source.topic(), source.partition(), source.offset(), code, message);
        context.forward(deadLetters.of(record, source, code, message));
    }
}
