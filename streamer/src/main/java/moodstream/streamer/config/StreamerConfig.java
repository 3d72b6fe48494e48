package moodstream.streamer.config;

import java.nio.file.Path;
import java.util.Map;
import moodstream.core.image.ImageLimits;
import moodstream.core.inference.InferenceOptions;
import moodstream.streamer.labeling.Topics;

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
        String instanceId) {

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
}
