package moodstream.streamer.publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import moodstream.streamer.ops.TopicGuard;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes images to the streamer's input topic: key a string (the image id), value the raw
 * encoded bytes, header {@code content-type}. The streamer itself never reads the header (it
 * recognises formats by their bytes); it is there for other consumers, and is kept on dead letters.
 *
 * <p>Thread-safe, as the producer is. The constructor checks that the topic exists, so a typo
 * fails at once with the topic's name rather than after {@code max.block.ms} in {@code send}, and
 * waits until every partition of it has a ready leader ({@link TopicGuard#awaitLeaders}).
 */
public final class ImagePublisher implements AutoCloseable {
    public static final String CONTENT_TYPE = "content-type";
    /** Default {@code max.request.size}: 16 MiB, the broker and topic limit of this project's Kafka setups. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;
    private static final long DEFAULT_BUFFER_BYTES = 64L * 1024 * 1024;
    /**
     * Default {@code delivery.timeout.ms}: one minute, not Kafka's two. It is how long an image
     * may wait for its acknowledgement, retries included, before its send fails; half Kafka's
     * default still leaves room for a leader election, and a stuck send ends sooner.
     */
    public static final int DEFAULT_DELIVERY_TIMEOUT_MS = 60_000;
    private static final int KAFKA_DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
    private static final int KAFKA_DEFAULT_LINGER_MS = 5;

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final int maxRequestBytes;
    private final int deliveryTimeoutMs;

    /**
     * @param producerProperties the final producer properties, e.g. from {@link #producerProperties}
     *                           (serializers are this class's own: String keys, byte[] values)
     * @throws IllegalStateException when the topic does not exist (named, with how to create it) or
     *                               Kafka cannot be reached (the bootstrap servers named)
     */
    public ImagePublisher(Properties producerProperties, String topic) {
        this.topic = topic;
        this.maxRequestBytes = maxRequestBytes(producerProperties);
        this.deliveryTimeoutMs = deliveryTimeoutMs(producerProperties);
        Properties adminProperties = TopicGuard.adminProperties(producerProperties);
        List<String> missing = TopicGuard.missing(adminProperties, List.of(topic));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist on "
                    + producerProperties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) + "; create it (e.g. kafka-topics.sh"
                    + " --bootstrap-server " + producerProperties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) + " --create --topic "
                    + topic + " --partitions 4 --config max.message.bytes=" + DEFAULT_MAX_REQUEST_BYTES
                    + "), start the streamer once with --create-topics, or publish to another one with --topic");
        }
        // A topic created a moment ago (by the streamer's --create-topics, say) may not take writes yet;
        // writing then can leave the first batch retrying until delivery.timeout.ms (see TopicGuard).
        TopicGuard.awaitLeaders(adminProperties, List.of(topic));
        this.producer = new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Producer properties sized for images, then {@code kafkaOverrides} on top (an explicit
     * setting always wins): {@code max.request.size} 16 MiB, {@code buffer.memory} 64 MiB (or twice
     * the request size, if that is larger), {@code acks=all} with idempotence (a retry never
     * duplicates an image), no compression (encoded images do not compress), and
     * {@code delivery.timeout.ms} {@value #DEFAULT_DELIVERY_TIMEOUT_MS} (or more, if a larger
     * {@code request.timeout.ms} or {@code linger.ms} needs it: Kafka refuses less than their sum).
     */
    public static Properties producerProperties(String bootstrapServers, Map<String, String> kafkaOverrides) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "moodstream-publish");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(DEFAULT_MAX_REQUEST_BYTES));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.putAll(kafkaOverrides);
        if (!kafkaOverrides.containsKey(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)) {
            long needed = (long) intSetting(p, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, KAFKA_DEFAULT_REQUEST_TIMEOUT_MS, "milliseconds")
                    + intSetting(p, ProducerConfig.LINGER_MS_CONFIG, KAFKA_DEFAULT_LINGER_MS, "milliseconds");
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Math.max(DEFAULT_DELIVERY_TIMEOUT_MS, needed)));
        }
        if (!kafkaOverrides.containsKey(ProducerConfig.BUFFER_MEMORY_CONFIG)) {
            // A record must fit in the buffer; keep room for one being sent while the next is added.
            long request = intSetting(p, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, DEFAULT_MAX_REQUEST_BYTES, "bytes");
            p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(Math.max(DEFAULT_BUFFER_BYTES, 2 * request)));
        }
        return p;
    }

    public String topic() {
        return topic;
    }

    /** The producer's {@code max.request.size}: no record may be larger. */
    public int maxRequestBytes() {
        return maxRequestBytes;
    }

    /** {@code max.request.size} of these producer properties (Kafka's default, 1 MiB, if unset). */
    public static int maxRequestBytes(Properties producerProperties) {
        return intSetting(producerProperties, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024, "bytes");
    }

    /**
     * An upper bound of a record's size as the producer checks it against {@code max.request.size}
     * (Kafka's own estimate for an uncompressed batch of one: batch and record overheads, the
     * varint lengths at their largest, key, value and headers).
     */
    public static long recordBytesUpperBound(String key, long valueBytes, String contentType) {
        long keyBytes = key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length;
        long headerBytes = contentType == null ? 0
                : 5 + CONTENT_TYPE.length() + 5 + contentType.getBytes(StandardCharsets.UTF_8).length;
        return 61 + 21 + 5 + keyBytes + 5 + valueBytes + 5 + headerBytes;
    }

    /** Sends one image; {@code contentType} null sends no header. The future fails if Kafka refuses it. */
    public Future<RecordMetadata> send(String key, byte[] value, String contentType) {
        return send(key, value, contentType, null);
    }

    /** As {@link #send(String, byte[], String)}, calling {@code callback} when Kafka has answered. */
    public Future<RecordMetadata> send(String key, byte[] value, String contentType, Callback callback) {
        RecordHeaders headers = new RecordHeaders();
        if (contentType != null) {
            headers.add(CONTENT_TYPE, contentType.getBytes(StandardCharsets.UTF_8));
        }
        return producer.send(new ProducerRecord<>(topic, null, key, value, headers), callback);
    }

    /** Waits until everything sent so far has been acknowledged or has failed. */
    public void flush() {
        producer.flush();
    }

    /**
     * Sends what is still buffered, then closes the producer, waiting at most {@code delivery.timeout.ms}
     * (by then every buffered send has succeeded or failed). Unbounded, close can wait forever: after
     * a send has expired, the idempotent producer asks the broker for a new epoch, and with the
     * broker gone that request is retried for as long as the producer is open.
     */
    @Override
    public void close() {
        producer.close(Duration.ofMillis(deliveryTimeoutMs));
    }

    /** {@code delivery.timeout.ms} of these producer properties (Kafka's default, 2 minutes, if unset). */
    public static int deliveryTimeoutMs(Properties producerProperties) {
        return intSetting(producerProperties, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000, "milliseconds");
    }

    private static int intSetting(Properties p, String key, int fallback, String unit) {
        Object value = p.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number of " + unit + ", got '" + value + "'", e);
        }
    }
}
