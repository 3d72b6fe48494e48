package moodstream.sandbox.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs against a real in-process broker: no mocks, no containers. */
class EmbeddedKafkaBrokerIT {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        long start = System.nanoTime();
        broker = EmbeddedKafkaBroker.start();
        System.err.printf("embedded broker start took %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void createsTopicWithRequestedPartitionsAndIsIdempotent() throws Exception {
        broker.createTopics(Map.of("four-partitions", 4));
        broker.createTopics(Map.of("four-partitions", 4)); // already there: no error

        try (Admin admin = admin(broker)) {
            TopicDescription description = admin.describeTopics(List.of("four-partitions"))
                    .allTopicNames().get(10, TimeUnit.SECONDS).get("four-partitions");
            assertThat(description.partitions()).hasSize(4);
            assertThat(description.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
        }
        assertThatThrownBy(() -> broker.createTopics(Map.of("four-partitions", 2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("4 partitions");
    }

    @Test
    void readCommittedConsumerSeesOnlyCommittedTransaction() throws Exception {
        String topic = "transactions";
        broker.createTopics(Map.of(topic, 1));

        Map<String, Object> producerConfig = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-tx",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000));
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "committed-" + i));
            }
            producer.commitTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "aborted-" + i));
            }
            producer.flush(); // the aborted records must really reach the log for this test to mean anything
            producer.abortTransaction();
        }

        // abortTransaction() returns before the coordinator has written the abort marker; until it
        // lands, a read_committed reader's end offset (the last stable offset) stops before the
        // aborted records, and reading "to the end" would race the marker.
        awaitNoOpenTransaction(topic);
        List<String> committedView = readAll(topic, "read_committed");
        List<String> uncommittedView = readAll(topic, "read_uncommitted");

        assertThat(committedView).containsExactly(
                "committed-0", "committed-1", "committed-2", "committed-3", "committed-4",
                "committed-5", "committed-6", "committed-7", "committed-8", "committed-9");
        // Control: the aborted batch is in the log, so read_committed really filtered it out.
        assertThat(uncommittedView).hasSize(15).contains("aborted-0", "aborted-4");
    }

    @Test
    void fiveMegabyteRecordRoundTrips() throws Exception {
        String topic = "large";
        broker.createTopics(Map.of(topic, 1));
        byte[] payload = new byte[5 * 1024 * 1024];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + (i >>> 11));
        }
        int eightMb = 8 * 1024 * 1024;

        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, eightMb,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * eightMb), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, payload)).get(30, TimeUnit.SECONDS);
        }

        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, eightMb,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, eightMb,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<byte[]> received = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> received.add(r.value()));
            }
            assertThat(received).hasSize(1);
            assertThat(Arrays.equals(received.get(0), payload)).as("payload identical").isTrue();
        }
    }

    @Test
    void producingToMissingTopicFailsBecauseAutoCreationIsOff() throws Exception {
        String topic = "never-created";
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000), new StringSerializer(), new StringSerializer())) {
            var send = producer.send(new ProducerRecord<>(topic, "v"));
            assertThatThrownBy(() -> send.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    // Observed with 4.3.1: the producer keeps getting UNKNOWN_TOPIC_OR_PARTITION in metadata
                    // responses and gives up after max.block.ms.
                    .cause()
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("never-created not present in metadata");
        }
        try (Admin admin = admin(broker)) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain(topic);
        }
    }

    @Test
    void closeReleasesPortDirectoryAndThreads() throws Exception {
        Set<Thread> before = liveNonDaemonThreads();
        EmbeddedKafkaBroker own = EmbeddedKafkaBroker.start();
        Path dir = own.dataDir();
        int port = Integer.parseInt(own.bootstrapServers().substring(own.bootstrapServers().lastIndexOf(':') + 1));
        assertThat(dir).isDirectory();
        assertThat(canConnect(port)).as("broker port open while running").isTrue();
        Set<Thread> started = new HashSet<>(liveNonDaemonThreads());
        started.removeAll(before);
        assertThat(started).as("the broker starts non-daemon threads, else the leak check below proves nothing").isNotEmpty();

        own.close();
        own.close(); // second close is a no-op

        assertThat(canConnect(port)).as("broker port closed").isFalse();
        assertThat(Files.exists(dir)).as("temp dir deleted").isFalse();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Set<Thread> leaked;
        do {
            leaked = new HashSet<>(liveNonDaemonThreads());
            leaked.removeAll(before);
            if (leaked.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertThat(leaked.stream().map(Thread::getName).collect(Collectors.toSet()))
                .as("non-daemon threads left by the broker").isEmpty();
        assertThatThrownBy(() -> own.createTopics(Map.of("x", 1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void twoBrokersRunSideBySide() throws Exception {
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start()) {
            assertThat(second.bootstrapServers()).isNotEqualTo(broker.bootstrapServers());
            for (EmbeddedKafkaBroker b : List.of(broker, second)) {
                b.createTopics(Map.of("side-by-side", 1));
                try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers()),
                        new StringSerializer(), new StringSerializer())) {
                    RecordMetadata md = producer.send(new ProducerRecord<>("side-by-side", b.bootstrapServers()))
                            .get(15, TimeUnit.SECONDS);
                    assertThat(md.offset()).isZero(); // each broker has its own log
                }
            }
            try (Admin a = admin(broker); Admin b = admin(second)) {
                assertThat(a.describeCluster().clusterId().get(10, TimeUnit.SECONDS))
                        .isNotEqualTo(b.describeCluster().clusterId().get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void restartOnPersistentDataDirKeepsTopicsAndRecords(@TempDir Path dataDir) throws Exception {
        BrokerOptions options = BrokerOptions.defaults().withDataDir(dataDir);
        String firstBootstrap;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(options)) {
            firstBootstrap = first.bootstrapServers();
            first.createTopics(Map.of("kept", 2));
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", 1, "k", "survives")).get(15, TimeUnit.SECONDS);
            }
        }
        assertThat(dataDir).as("a caller's data dir is not deleted").isDirectory();

        // New ports on restart: the stored quorum must still elect this node and let its broker in.
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(options)) {
            assertThat(second.bootstrapServers()).isNotEqualTo(firstBootstrap);
            second.createTopics(Map.of("kept", 2)); // exists already: no-op
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, second.bootstrapServers()),
                    new StringDeserializer(), new StringDeserializer())) {
                TopicPartition tp = new TopicPartition("kept", 1);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                List<String> values = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                }
                assertThat(values).containsExactly("survives");
            }
        }
    }

    /** Waits (15 s at most) until the partition's last stable offset is its high watermark. */
    private static void awaitNoOpenTransaction(String topic) throws InterruptedException {
        TopicPartition tp = new TopicPartition(topic, 0);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        long stable;
        long high;
        do {
            stable = endOffset(tp, "read_committed");
            high = endOffset(tp, "read_uncommitted");
            if (stable == high) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertThat(stable).as("last stable offset of %s after the transactions ended", tp).isEqualTo(high);
    }

    private static long endOffset(TopicPartition tp, String isolationLevel) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel), new StringDeserializer(), new StringDeserializer())) {
            return consumer.endOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp);
        }
    }

    private static List<String> readAll(String topic, String isolationLevel) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            // For read_committed, the end offset is the last stable offset: past the abort marker once it is written.
            long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            assertThat(consumer.position(tp)).as("consumed up to end offset %d", end).isEqualTo(end);
            return values;
        }
    }

    private static Admin admin(EmbeddedKafkaBroker b) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers()));
    }

    private static Set<Thread> liveNonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon())
                .collect(Collectors.toSet());
    }

    private static boolean canConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            throw new AssertionError("unexpected error probing port " + port, e);
        }
    }
}
