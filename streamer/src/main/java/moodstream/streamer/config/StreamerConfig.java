package moodstream.streamer.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import moodstream.core.image.ImageLimits;
import moodstream.core.inference.ExecutionProvider;
import moodstream.core.inference.InferenceOptions;
import moodstream.streamer.labeling.LabelerSettings;
import moodstream.streamer.labeling.MicroBatch;
import moodstream.streamer.labeling.Topics;
import moodstream.streamer.stats.StatsSettings;

/**
 * The streamer's settings after flags, environment and file have been merged.
 *
 * @param bootstrapServers Kafka brokers
 * @param applicationId    Kafka Streams application id: instances sharing it share the partitions
 * @param topics           input, output and dead-letter topics
 * @param exactlyOnce      exactly_once_v2 (default) or at_least_once
 * @param streamThreads    Kafka Streams threads in this instance
 * @param inference        ONNX Runtime provider and intra-op threads
 * @param model            the ONNX model file
 * @param limits           byte and pixel limits per image
 * @param httpPort         port of /health, /ready and /metrics; 0 picks a free one, -1 disables it
 * @param createTopics     create missing topics instead of failing
 * @param partitions       partitions for topics it creates
 * @param kafka            any Kafka client or Streams property, passed through as given
 * @param maxInferenceFailures failed inference attempts in a row (a reference image failing too) before the instance stops
 * @param instanceId       a stable name for this instance (static group membership), or null
 * @param noFace           for a face-cropping model, whole-image, dead-letter or fallback instead of its card's choice, if present
 * @param batching         images per inference call and the longest an image waits for its batch
 * @param modelWatch       how often to look for a new model file (reloaded without a restart), or empty: never
 * @param stats            the windowed statistics and their topic, or empty: none
 */
public record StreamerConfig(
        String bootstrapServers,
        String applicationId,
        Topics topics,
        boolean exactlyOnce,
        int streamThreads,
        InferenceOptions inference,
        Path model,
        ImageLimits limits,
        int httpPort,
        boolean createTopics,
        int partitions,
        Map<String, String> kafka,
        int maxInferenceFailures,
        String instanceId,
        Optional<String> noFace,
        MicroBatch batching,
        Optional<Duration> modelWatch,
        Optional<StatsSettings> stats) {

    public StreamerConfig {
        kafka = Map.copyOf(kafka);
        if (streamThreads < 1) {
            throw new IllegalArgumentException("--stream-threads must be at least 1, got " + streamThreads);
        }
        if (maxInferenceFailures < 1) {
            throw new IllegalArgumentException("--max-inference-failures must be at least 1, got " + maxInferenceFailures);
        }
        if (instanceId != null && instanceId.isBlank()) {
            throw new IllegalArgumentException("--instance-id must not be blank; leave it out for dynamic membership");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
        }
    }

    /** How often the model file is checked for a new version, unless told otherwise: one file stat every 10 s costs nothing. */
    public static final Duration DEFAULT_MODEL_WATCH = Duration.ofSeconds(10);

    /** A configuration built with named settings; what is not set is the {@code stream} command's default. */
    public static Builder builder(String bootstrapServers, Path model) {
        return new Builder(bootstrapServers, model);
    }

    /** A builder holding this configuration, to change some settings of it. */
    public Builder toBuilder() {
        return new Builder(bootstrapServers, model).applicationId(applicationId).topics(topics).exactlyOnce(exactlyOnce)
                .streamThreads(streamThreads).inference(inference).limits(limits).httpPort(httpPort).createTopics(createTopics)
                .partitions(partitions).kafka(kafka).maxInferenceFailures(maxInferenceFailures).instanceId(instanceId)
                .noFace(noFace).batching(batching).modelWatch(modelWatch).stats(stats);
    }

    /**
     * One stream thread a core. Two a core was measured against it on faces, against a broker of its
     * own (docs/performance.md, issue 11): +72%, +23%, +6% and -2% images a second in four paired
     * runs, with a higher p99 in three of them; not clear enough on this noisy machine to change it.
     */
    public static int defaultStreamThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Named settings for {@link StreamerConfig}, with the defaults of {@code moodstream stream}. */
    public static final class Builder {
        private final String bootstrapServers;
        private final Path model;
        private String applicationId = "moodstream-streamer";
        private Topics topics = Topics.DEFAULT;
        private boolean exactlyOnce = true;
        private int streamThreads = defaultStreamThreads();
        private InferenceOptions inference = new InferenceOptions(ExecutionProvider.AUTO, 1, 0);
        private ImageLimits limits = ImageLimits.DEFAULT;
        private int httpPort = 8080;
        private boolean createTopics;
        private int partitions = 4;
        private Map<String, String> kafka = Map.of();
        private int maxInferenceFailures = LabelerSettings.DEFAULT_MAX_INFERENCE_FAILURES;
        private String instanceId;
        private Optional<String> noFace = Optional.empty();
        private MicroBatch batching = MicroBatch.OFF;
        private Optional<Duration> modelWatch = Optional.of(DEFAULT_MODEL_WATCH);
        private Optional<StatsSettings> stats = Optional.of(StatsSettings.DEFAULT);

        private Builder(String bootstrapServers, Path model) {
            this.bootstrapServers = bootstrapServers;
            this.model = model;
        }

        public Builder applicationId(String applicationId) {
            this.applicationId = applicationId;
            return this;
        }

        public Builder topics(Topics topics) {
            this.topics = topics;
            return this;
        }

        public Builder exactlyOnce(boolean exactlyOnce) {
            this.exactlyOnce = exactlyOnce;
            return this;
        }

        public Builder streamThreads(int streamThreads) {
            this.streamThreads = streamThreads;
            return this;
        }

        public Builder inference(InferenceOptions inference) {
            this.inference = inference;
            return this;
        }

        public Builder limits(ImageLimits limits) {
            this.limits = limits;
            return this;
        }

        /** 0 picks a free port, -1 turns the HTTP server off. */
        public Builder httpPort(int httpPort) {
            this.httpPort = httpPort;
            return this;
        }

        public Builder createTopics(boolean createTopics) {
            this.createTopics = createTopics;
            return this;
        }

        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        public Builder kafka(Map<String, String> kafka) {
            this.kafka = kafka;
            return this;
        }

        public Builder maxInferenceFailures(int maxInferenceFailures) {
            this.maxInferenceFailures = maxInferenceFailures;
            return this;
        }

        /** Null: dynamic group membership. */
        public Builder stats(Optional<StatsSettings> stats) {
            this.stats = stats;
            return this;
        }

        public Builder modelWatch(Optional<Duration> modelWatch) {
            this.modelWatch = modelWatch;
            return this;
        }

        public Builder batching(MicroBatch batching) {
            this.batching = batching;
            return this;
        }

        public Builder noFace(Optional<String> noFace) {
            this.noFace = noFace;
            return this;
        }

        public Builder instanceId(String instanceId) {
            this.instanceId = instanceId;
            return this;
        }

        public StreamerConfig build() {
            return new StreamerConfig(bootstrapServers, applicationId, topics, exactlyOnce, streamThreads, inference, model, limits,
                    httpPort, createTopics, partitions, kafka, maxInferenceFailures, instanceId, noFace, batching, modelWatch, stats);
        }
    }
}
