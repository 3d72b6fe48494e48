package moodstream.sandbox.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import moodstream.core.testing.TestImages;
import moodstream.sandbox.broker.EmbeddedKafkaBroker;
import moodstream.streamer.labeling.DeadLetterHeaders;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code moodstream publish} against a real broker: what lands on the topic is exactly the files. */
class PublishIT {
    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path dir;
    Path photos;
    /** The images under photos/, by the key publish must give them. */
    final Map<String, byte[]> images = new LinkedHashMap<>();

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void photos() throws IOException {
        photos = dir.resolve("photos");
        image("a/one.jpg", TestImages.jpeg(TestImages.noise(40, 30, 1)));
        image("two.png", TestImages.png(TestImages.noise(20, 20, 2)));
        image("b/three.bmp", TestImages.encode(TestImages.noise(10, 12, 3), "bmp"));
        image("b/c/four.png", TestImages.png(TestImages.noise(16, 16, 4)));
        image("five.gif", TestImages.encode(TestImages.noise(8, 8, 5), "gif"));
        write("readme.txt", "these are test photos".getBytes(StandardCharsets.UTF_8));
        write("empty.png", new byte[0]);
    }

    private void image(String key, byte[] bytes) throws IOException {
        write(key, bytes);
        images.put(key, bytes);
    }

    private Path write(String key, byte[] bytes) throws IOException {
        Path file = photos.resolve(key);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    private static List<ConsumerRecord<String, byte[]>> read(String topic, int expected) {
        return KafkaTestClients.readCommitted(broker.bootstrapServers(), List.of(topic), expected, Duration.ofSeconds(20),
                Duration.ofMillis(500));
    }

    private static String contentType(ConsumerRecord<String, byte[]> r) {
        return DeadLetterHeaders.read(r.headers(), "content-type");
    }

    @Test
    void aFolderArrivesAsItsImagesWithRelativeKeysTheirBytesAndContentTypes() {
        broker.createTopics(Map.of("pub-folder", 2));
        CliRun run = CliRun.of("publish", "--bootstrap-servers", broker.bootstrapServers(), "--topic", "pub-folder", photos.toString());
        assertThat(run.code()).as(run.printed()).isZero();
        long bytes = images.values().stream().mapToLong(b -> b.length).sum();
        assertThat(run.out()).as(run.printed()).startsWith("sent 5 (" + bytes + " bytes), skipped 2, failed 0; topic pub-folder");
        assertThat(run.err()).contains("skipped " + photos.resolve("readme.txt")).contains("skipped " + photos.resolve("empty.png"));

        List<ConsumerRecord<String, byte[]>> records = read("pub-folder", 5);
        assertThat(records).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("a/one.jpg", "b/c/four.png", "b/three.bmp", "five.gif", "two.png");
        for (ConsumerRecord<String, byte[]> r : records) {
            assertThat(r.value()).as(r.key()).isEqualTo(images.get(r.key()));
        }
        Map<String, String> types = records.stream().collect(Collectors.toMap(ConsumerRecord::key, PublishIT::contentType));
        assertThat(types).containsExactlyInAnyOrderEntriesOf(Map.of("a/one.jpg", "image/jpeg", "b/c/four.png", "image/png",
                "b/three.bmp", "image/bmp", "five.gif", "image/gif", "two.png", "image/png"));
        // Sent in key order: each partition holds its keys sorted.
        records.stream().collect(Collectors.groupingBy(ConsumerRecord::partition)).values().forEach(inPartition ->
                assertThat(inPartition.stream().sorted(Comparator.comparingLong(ConsumerRecord::offset)).map(ConsumerRecord::key).toList())
                        .isSorted());
    }

    @Test
    void forceSendsEmptyAndNonImageFilesAsOctetStream() {
        broker.createTopics(Map.of("pub-force", 1));
        CliRun run = CliRun.of("publish", "--bootstrap-servers", broker.bootstrapServers(), "--topic", "pub-force", "--force",
                photos.toString());
        assertThat(run.code()).as(run.printed()).isZero();
        assertThat(run.out()).as(run.printed()).contains("sent 7 (").contains("skipped 0, failed 0");
        Map<String, ConsumerRecord<String, byte[]>> records = read("pub-force", 7).stream()
                .collect(Collectors.toMap(ConsumerRecord::key, r -> r));
        assertThat(records).hasSize(7);
        assertThat(contentType(records.get("readme.txt"))).isEqualTo("application/octet-stream");
        assertThat(records.get("readme.txt").value()).asString(StandardCharsets.UTF_8).isEqualTo("these are test photos");
        assertThat(contentType(records.get("empty.png"))).isEqualTo("application/octet-stream");
        assertThat(records.get("empty.png").value()).isEmpty();
        assertThat(contentType(records.get("two.png"))).isEqualTo("image/png");
    }

    @Test
    void aGlobIsKeyedRelativeToItsBase() {
        broker.createTopics(Map.of("pub-glob", 1));
        CliRun run = CliRun.of("publish", "--bootstrap-servers", broker.bootstrapServers(), "--topic", "pub-glob",
                photos + "/**/*.png");
        assertThat(run.code()).as(run.printed()).isZero();
        assertThat(run.out()).startsWith("sent 2 (").contains("skipped 1"); // empty.png
        assertThat(read("pub-glob", 2)).extracting(ConsumerRecord::key).containsExactly("b/c/four.png", "two.png");
    }

    @Test
    void repeatSendsTheListAgainAndCountStopsEarly() {
        broker.createTopics(Map.of("pub-repeat", 1, "pub-count", 1));
        String b = photos.resolve("b").toString();
        CliRun repeat = CliRun.of("publish", "--bootstrap-servers", broker.bootstrapServers(), "--topic", "pub-repeat",
                "--repeat", "3", b);
        assertThat(repeat.code()).as(repeat.printed()).isZero();
        assertThat(read("pub-repeat", 6)).extracting(ConsumerRecord::key)
                .containsExactly("c/four.png", "three.bmp", "c/four.png", "three.bmp", "c/four.png", "three.bmp");

        CliRun count = CliRun.of("publish", "--bootstrap-servers", broker.bootstrapServers(), "--topic", "pub-count",
                "--repeat", "10", "--count", "3", b);
        assertThat(count.code()).as(count.printed()).isZero();
        assertThat(count.out()).startsWith("sent 3 (");
        assertThat(read("pub-count", 3)).extracting(ConsumerRecord::key).containsExactly("c/four.png", "three.bmp", "c/four.png");
    }

    @Test
    void rateSpacesTheSends() {
        broker.createTopics(Map.of("pub-rate", 1));
        // 41 sends at 40/s are due over exactly one second.
        CliRun run = CliRun.of("publish", "--bootstrap-servers", broker.bootstrapServers(), "--topic", "pub-rate",
                "--rate", "40", "--count", "41", "--repeat", "100", photos.resolve("two.png").toString());
        assertThat(run.code()).as(run.printed()).isZero();
        assertThat(run.out()).startsWith("sent 41 (");
        assertThat(run.millis()).isGreaterThanOrEqualTo(1000);
        Matcher rate = Pattern.compile("([0-9.]+) images/s").matcher(run.out());
        assertThat(rate.find()).as(run.out()).isTrue();
        assertThat(Double.parseDouble(rate.group(1))).isBetween(20.0, 41.0);
        assertThat(read("pub-rate", 41)).hasSize(41);
    }

    @Test
    void aMissingTopicIsNamedWithHowToCreateIt() {
        CliRun run = CliRun.of("publish", "--bootstrap-servers", broker.bootstrapServers(), "--topic", "no-such-topic", photos.toString());
        assertThat(run.code()).as(run.printed()).isEqualTo(2);
        assertThat(run.err()).contains("topic no-such-topic does not exist").contains("kafka-topics.sh").contains("--create-topics");
        assertThat(run.out()).isEmpty();
    }

    /**
     * The topic is created with a bare admin call, which returns before the broker can take writes
     * to it, and publish starts at once, as after another process's --create-topics. Without the
     * wait for ready leaders, some partition's first batch gets NOT_LEADER_OR_FOLLOWER, a later one
     * is taken in its place, and the first is refused with OUT_OF_ORDER_SEQUENCE_NUMBER until it
     * expires (KAFKA-14359): without the wait, 11 of 12 such rounds failed on a 2-core machine. A race, so several rounds,
     * each with many one-batch images per partition (20 KB each, above batch.size).
     */
    @Test
    void aTopicCreatedAMomentAgoGetsEveryImageInOrder() throws Exception {
        Path many = dir.resolve("many");
        Files.createDirectories(many);
        byte[] bytes = new byte[20_000];
        for (int i = 0; i < 40; i++) {
            new java.util.Random(i).nextBytes(bytes);
            Files.write(many.resolve(String.format("img%02d.bin", i)), bytes);
        }
        Properties admin = new Properties();
        admin.put("bootstrap.servers", broker.bootstrapServers());
        try (Admin a = Admin.create(admin)) {
            for (int round = 0; round < 10; round++) {
                String topic = "pub-new-" + round;
                a.createTopics(List.of(new NewTopic(topic, 16, (short) 1))).all().get();
                // A short delivery timeout so that a stuck image fails the round in seconds, not minutes.
                CliRun run = CliRun.of("publish", "--bootstrap-servers", broker.bootstrapServers(), "--topic", topic, "--force",
                        "--kafka", "delivery.timeout.ms=5000", "--kafka", "request.timeout.ms=4000", many.toString());
                assertThat(run.code()).as("round " + round + "\n" + run.printed()).isZero();
                assertThat(run.out()).as(run.printed()).startsWith("sent 40 (").contains("failed 0");
                List<ConsumerRecord<String, byte[]>> records = read(topic, 40);
                assertThat(records).extracting(ConsumerRecord::key).doesNotHaveDuplicates().hasSize(40);
                // Sent in key order: a batch taken before an earlier one would show here.
                records.stream().collect(Collectors.groupingBy(ConsumerRecord::partition)).values().forEach(inPartition ->
                        assertThat(inPartition.stream().sorted(Comparator.comparingLong(ConsumerRecord::offset))
                                .map(ConsumerRecord::key).toList()).isSorted());
            }
        }
    }

    /**
     * A send that Kafka never acknowledges ends after delivery.timeout.ms with an error that names
     * the topic and what to do, as the endless OUT_OF_ORDER_SEQUENCE_NUMBER retries of a
     * just-created topic now do. Those are a race; a broker that goes away mid-run is not: the
     * sends after it are retried until they expire. (min.insync.replicas above the replication
     * factor would be simpler, but Kafka 4 caps the effective min ISR at the replica count.)
     */
    @Test
    void anImageKafkaNeverAcknowledgesFailsWithinTheDeliveryTimeoutNamingTheTopic() throws Exception {
        CliRun run;
        try (EmbeddedKafkaBroker own = EmbeddedKafkaBroker.start()) {
            own.createTopics(Map.of("pub-gone", 1));
            CompletableFuture<CliRun> publishing = CompletableFuture.supplyAsync(() -> CliRun.of("publish",
                    "--bootstrap-servers", own.bootstrapServers(), "--topic", "pub-gone", "--rate", "4", "--count", "40",
                    "--repeat", "40", "--kafka", "delivery.timeout.ms=3000", "--kafka", "request.timeout.ms=2000",
                    // Once the broker is gone, send() itself waits for its metadata, up to max.block.ms.
                    "--kafka", "max.block.ms=2000",
                    photos.resolve("two.png").toString()));
            TimeUnit.MILLISECONDS.sleep(1_500);
            own.close();
            run = publishing.get(20, TimeUnit.SECONDS);
        }
        assertThat(run.code()).as(run.printed()).isEqualTo(1);
        assertThat(run.err()).as(run.printed())
                .containsPattern("[0-9]+ image\\(s\\) were not acknowledged by Kafka in time \\(delivery.timeout.ms 3000 ms,"
                        + " or max.block.ms while the broker was unknown\\) and are not on topic pub-gone")
                .contains("kafka-topics.sh --describe --topic pub-gone").contains("--kafka delivery.timeout.ms=N");
        assertThat(run.out()).as(run.printed()).containsPattern("failed [1-9]").doesNotContain("failed 0")
                .contains("stopped early");
    }

    @Test
    void aRecordTheBrokerRefusesCountsAsFailedAndTheRestIsSent() throws Exception {
        Properties admin = new Properties();
        admin.put("bootstrap.servers", broker.bootstrapServers());
        try (Admin a = Admin.create(admin)) {
            a.createTopics(List.of(new NewTopic("pub-small", 1, (short) 1).configs(Map.of("max.message.bytes", "1000"))))
                    .all().get();
        }
        broker.createTopics(Map.of("pub-small", 1)); // waits for the leader
        CliRun run = CliRun.of("publish", "--bootstrap-servers", broker.bootstrapServers(), "--topic", "pub-small",
                photos.resolve("a/one.jpg").toString(), photos.resolve("five.gif").toString());
        assertThat(run.code()).as(run.printed()).isEqualTo(1);
        assertThat(run.err()).contains("failed one.jpg").contains("RecordTooLarge");
        assertThat(run.out()).startsWith("sent 1 (").contains("failed 1");
        assertThat(read("pub-small", 1)).extracting(ConsumerRecord::key).containsExactly("five.gif");
    }
}
