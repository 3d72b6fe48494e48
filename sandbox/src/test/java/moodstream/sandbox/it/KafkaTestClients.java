package moodstream.sandbox.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import moodstream.core.inference.ExecutionProvider;
import moodstream.core.inference.InferenceOptions;
import moodstream.streamer.config.StreamerConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for the integration tests: a producer of images and a read_committed reader. */
final class KafkaTestClients {
    private KafkaTestClients() {
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 12 * 1024 * 1024);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p);
    }

    static void send(KafkaProducer<String, byte[]> producer, String topic, Map<String, byte[]> records) throws Exception {
        for (Map.Entry<String, byte[]> e : records.entrySet()) {
            producer.send(new ProducerRecord<>(topic, e.getKey(), e.getValue())).get();
        }
    }

    /**
     * Reads {@code topics} as a downstream consumer would (read_committed: aborted
     * transactions invisible) until {@code expected} records arrived, then keeps reading
     * for {@code quiet} more, so that duplicates arriving late are caught too.
     */
    static List<ConsumerRecord<String, byte[]>> readCommitted(String bootstrap, List<String> topics, int expected,
                                                              Duration timeout, Duration quiet) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 12 * 1024 * 1024);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            long quietEnd = System.nanoTime() + quiet.toNanos();
            while (System.nanoTime() < quietEnd) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** A streamer configuration for the embedded broker, CPU only, no HTTP port clash. */
    static StreamerConfig config(String bootstrap, String appId, Path model, int threads) {
        return StreamerConfig.builder(bootstrap, model)
                .applicationId(appId)
                .streamThreads(threads)
                .inference(new InferenceOptions(ExecutionProvider.CPU, 1, 0))
                .httpPort(0)
                .createTopics(true)
                .kafka(Map.of("commit.interval.ms", "100", "state.dir", stateDir().toString()))
                .build();
    }

    private static Path stateDir() {
        try {
            return Files.createTempDirectory("moodstream-streams-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
