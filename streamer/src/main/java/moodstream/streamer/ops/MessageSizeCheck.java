package moodstream.streamer.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import moodstream.streamer.labeling.OutputLimits;
import moodstream.streamer.labeling.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Compares, at start, the sizes that must agree for images to flow: {@code --max-bytes}, the
 * producer's {@code max.request.size}, and {@code max.message.bytes} of the input, output and
 * dead-letter topics (as the broker applies them, its default included). What would lose data
 * or stop the stream is an error; what only means some dead letters travel without their value
 * is a warning. Either way the message says what to set.
 */
public final class MessageSizeCheck {
    /** The outcome: the limits the labeler writes within, and what an operator should know. */
    public record Result(OutputLimits limits, List<String> warnings) {
    }

    private MessageSizeCheck() {
    }

    /**
     * @param adminProps      client properties for an admin client
     * @param streamsProps    the streamer's Kafka Streams properties (for the producer's max.request.size)
     * @param maxImageBytes   {@code --max-bytes}
     * @throws IllegalStateException when a label or a value-less dead letter could not be written at all
     */
    public static Result check(Properties adminProps, Properties streamsProps, Topics topics, long maxImageBytes) {
        Map<String, Integer> topicMax = maxMessageBytes(adminProps, List.of(topics.input(), topics.output(), topics.deadLetter()));
        int producerMax = producerMaxRequestSize(streamsProps);
        int labelMax = Math.min(producerMax, topicMax.get(topics.output()));
        int deadLetterMax = Math.min(producerMax, topicMax.get(topics.deadLetter()));
        List<String> errors = new ArrayList<>();
        if (labelMax < OutputLimits.LABEL_RECORD_NEED) {
            errors.add(String.format(Locale.ROOT, "a label can need %,d bytes, but %s; set max.message.bytes of topic '%s'"
                    + " and the producer's max.request.size to at least %d", OutputLimits.LABEL_RECORD_NEED,
                    which(producerMax, topicMax.get(topics.output()), topics.output()), topics.output(), OutputLimits.LABEL_RECORD_NEED));
        }
        if (deadLetterMax < OutputLimits.VALUELESS_DEAD_LETTER_NEED) {
            errors.add(String.format(Locale.ROOT, "a dead letter can need %,d bytes even without its image, but %s; set"
                    + " max.message.bytes of topic '%s' and the producer's max.request.size to at least %d",
                    OutputLimits.VALUELESS_DEAD_LETTER_NEED, which(producerMax, topicMax.get(topics.deadLetter()), topics.deadLetter()),
                    topics.deadLetter(), OutputLimits.VALUELESS_DEAD_LETTER_NEED));
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException(String.join("; ", errors));
        }

        List<String> warnings = new ArrayList<>();
        int inputMax = topicMax.get(topics.input());
        // Whatever the input topic takes may have to be dead-lettered whole.
        int deadLetterNeed = inputMax + OutputLimits.VALUELESS_DEAD_LETTER_NEED;
        if (deadLetterMax < deadLetterNeed) {
            warnings.add(String.format(Locale.ROOT, "topic '%s' takes records up to %,d bytes but a dead letter can be at most %,d"
                    + " (%s): dead letters of larger records are written without their value (headers %s say its size and"
                    + " SHA-256); to keep every value, set max.message.bytes of '%s' and the producer's max.request.size"
                    + " (--kafka producer.max.request.size=N) to at least %d", topics.input(), inputMax, deadLetterMax,
                    which(producerMax, topicMax.get(topics.deadLetter()), topics.deadLetter()),
                    "moodstream.original.bytes and moodstream.original.sha256", topics.deadLetter(), deadLetterNeed));
        }
        if (inputMax < maxImageBytes) {
            warnings.add(String.format(Locale.ROOT, "--max-bytes is %,d but topic '%s' takes records up to %,d bytes only:"
                    + " larger images are refused by Kafka when published; lower --max-bytes or raise max.message.bytes of '%s'",
                    maxImageBytes, topics.input(), inputMax, topics.input()));
        }
        return new Result(new OutputLimits(labelMax, deadLetterMax), List.copyOf(warnings));
    }

    private static String which(int producerMax, int topicMax, String topic) {
        return producerMax <= topicMax
                ? String.format(Locale.ROOT, "the producer's max.request.size is %,d", producerMax)
                : String.format(Locale.ROOT, "max.message.bytes of topic '%s' is %,d", topic, topicMax);
    }

    /** The producer's effective max.request.size: the producer-prefixed setting wins, as in StreamsConfig. */
    static int producerMaxRequestSize(Properties streamsProps) {
        Object value = streamsProps.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (value == null) {
            value = streamsProps.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        if (value == null) {
            return 1_048_576; // the producer's own default
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("max.request.size must be a number of bytes, got '" + value + "'", e);
        }
    }

    private static Map<String, Integer> maxMessageBytes(Properties adminProps, List<String> topics) {
        List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        try (Admin admin = Admin.create(adminProps)) {
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            return configs.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().name(),
                    e -> Integer.parseInt(e.getValue().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read max.message.bytes of topics " + topics + " from "
                    + adminProps.get("bootstrap.servers") + ": " + (e.getCause() != null ? e.getCause() : e)
                    + "; the streamer's principal needs DescribeConfigs on them", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading topic configs", e);
        }
    }
}
