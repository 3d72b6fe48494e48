package moodstream.streamer;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import moodstream.core.inference.ImageClassifier;
import moodstream.streamer.config.StreamerConfig;
import moodstream.streamer.config.StreamsProperties;
import java.util.Properties;
import moodstream.streamer.labeling.ImageLabeler;
import moodstream.streamer.labeling.LabelerSettings;
import moodstream.streamer.labeling.ModelRuntimeException;
import moodstream.streamer.labeling.ModelSlot;
import moodstream.streamer.reload.ModelFileWatcher;
import moodstream.streamer.reload.ModelReloader;
import moodstream.streamer.ops.MessageSizeCheck;
import moodstream.streamer.labeling.LabelingMetrics;
import moodstream.streamer.labeling.LabelingTopology;
import moodstream.streamer.labeling.OutputLimits;
import moodstream.streamer.ops.HealthServer;
import moodstream.streamer.ops.TopicGuard;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running streamer instance: the model (card validated), the topics checked, the
 * topology started, metrics and health served. Instances with the same application id
 * share the input partitions; Kafka does the distribution.
 */
public final class StreamerApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamerApp.class);

    private final ModelSlot models;
    private final ModelFileWatcher watcher;
    private final KafkaStreams streams;
    private final HealthServer http;
    private final KafkaStreamsMetrics streamsMetrics;
    private final String inputTopic;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private StreamerApp(ModelSlot models, ModelFileWatcher watcher, KafkaStreams streams, HealthServer http,
                        KafkaStreamsMetrics streamsMetrics, String inputTopic) {
        this.inputTopic = inputTopic;
        this.models = models;
        this.watcher = watcher;
        this.streams = streams;
        this.http = http;
        this.streamsMetrics = streamsMetrics;
    }

    /** Loads, checks and starts; every failure here is an exception with a message for the operator. */
    public static StreamerApp start(StreamerConfig config) {
        ImageClassifier classifier = ImageClassifier.open(config.model(), config.inference(), config.limits(), config.noFace());
        Clock clock = Clock.systemUTC();
        ModelSlot models = new ModelSlot(classifier, clock.instant());
        ModelFileWatcher watcher = null;
        try {
            log.info("model {} {} ({}), labels {}, input {}x{}x{}, provider {}", classifier.card().name(), classifier.card().version(),
                    config.model(), classifier.card().labels(), classifier.card().preprocessing().width(),
                    classifier.card().preprocessing().height(), classifier.card().preprocessing().channels(),
                    classifier.model().provider());
            List<String> topics = new java.util.ArrayList<>(List.of(config.topics().input(), config.topics().output(),
                    config.topics().deadLetter()));
            config.stats().ifPresent(s -> topics.add(s.topic()));
            List<String> created = TopicGuard.ensure(TopicGuard.adminProperties(config.bootstrapServers(), config.kafka()),
                    topics, config.createTopics(), config.partitions());
            if (!created.isEmpty()) {
                log.info("created topics {} with {} partitions", created, config.partitions());
            }

            Properties streamsProps = StreamsProperties.from(config);
            MessageSizeCheck.Result sizes = MessageSizeCheck.check(
                    TopicGuard.adminProperties(config.bootstrapServers(), config.kafka()), streamsProps, config.topics(),
                    config.limits().maxBytes());
            sizes.warnings().forEach(warning -> log.warn("message sizes: {}", warning));
            LabelerSettings settings = new LabelerSettings(sizes.limits(), config.maxInferenceFailures(),
                    LabelerSettings.DEFAULT_RETRY_BACKOFF, config.batching());
            requireHeldImagesFit(classifier, config);

            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            LabelingMetrics metrics = new LabelingMetrics(registry);
            KafkaStreams streams = new KafkaStreams(
                    LabelingTopology.build(config.topics(), () -> new ImageLabeler(models, metrics, clock, settings), config.stats()),
                    streamsProps);
            ModelReloader reloader = new ModelReloader(models, config.model(), config.inference(), config.limits(), config.noFace(),
                    clock, registry);
            // Bad messages never get here (they are dead-lettered); what does is a failing model
            // runtime, a broker or a bug, for which stopping loudly beats a thread that fails in a
            // loop: the uncommitted records go to another instance or to this one's restart.
            streams.setUncaughtExceptionHandler(e -> {
                ModelRuntimeException runtime = cause(e, ModelRuntimeException.class);
                if (runtime != null) {
                    log.error("{}", runtime.getMessage(), runtime.getCause());
                } else {
                    log.error("stream thread failed; shutting this instance down", e);
                }
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
            streamsMetrics.bindTo(registry);
            HealthServer http = config.httpPort() < 0 ? null
                    : new HealthServer(config.httpPort(), streams, config.topics().input(), registry, models, reloader);
            if (config.modelWatch().isPresent()) {
                watcher = new ModelFileWatcher(config.model(), reloader, config.modelWatch().get());
            }
            StreamerApp app = new StreamerApp(models, watcher, streams, http, streamsMetrics, config.topics().input());
            streams.setStateListener((now, before) -> {
                log.info("streams state {} -> {}", before, now);
                if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                    app.stopped.countDown();
                }
            });
            streams.start();
            log.info("labelling {} -> {} (dead letters: {}), {}; http {}", config.topics().input(), config.topics().output(),
                    config.topics().deadLetter(), config.exactlyOnce() ? "exactly once" : "at least once",
                    http == null ? "off" : "on port " + http.port());
            return app;
        } catch (IOException e) {
            closeQuietly(watcher);
            models.close();
            throw new UncheckedIOException("cannot open the HTTP port " + config.httpPort() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(watcher);
            models.close();
            throw e;
        }
    }

    /** A batch holds tensors in a changelog record; refuse at start a model whose tensor cannot be one. */
    private static void requireHeldImagesFit(ImageClassifier classifier, StreamerConfig config) {
        long bytes = 4L * classifier.card().preprocessing().tensorSize();
        if (config.batching().enabled() && bytes > LabelingTopology.HELD_IMAGE_MAX_BYTES - OutputLimits.KEY_AND_HEADERS_MAX - 4096) {
            throw new IllegalArgumentException("--batch-size " + config.batching().maxImages() + ": the model's input tensor is "
                    + bytes + " bytes, more than a held image may take (" + (LabelingTopology.HELD_IMAGE_MAX_BYTES
                    - OutputLimits.KEY_AND_HEADERS_MAX - 4096) + "); use --batch-size 1 with this model");
        }
    }

    private static void closeQuietly(ModelFileWatcher watcher) {
        if (watcher != null) {
            watcher.close();
        }
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Input partitions (tasks) this instance processes now: its share of the application's work. */
    public int activeTasks() {
        // Only the labelling tasks: the statistics' task reads the repartition topic, not the input.
        return (int) streams.metadataForLocalThreads().stream().flatMap(thread -> thread.activeTasks().stream())
                .filter(task -> task.topicPartitions().stream().anyMatch(tp -> tp.topic().equals(inputTopic))).count();
    }

    /** The HTTP port, or -1 when disabled. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** Blocks until the streams client stops or fails; true when it failed. */
    public boolean awaitTermination() throws InterruptedException {
        stopped.await();
        return streams.state() == KafkaStreams.State.ERROR;
    }

    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /**
     * Commits what is processed and leaves the group, so another instance takes over at once.
     * Safe to call twice: the SIGTERM hook and a failing stream may both get here.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        streams.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(true));
        streamsMetrics.close();
        if (http != null) {
            http.close();
        }
        closeQuietly(watcher);
        models.close();
        stopped.countDown();
    }
}
