package moodstream.sandbox.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import moodstream.sandbox.broker.EmbeddedKafkaBroker;
import moodstream.sandbox.testing.CtrlC;
import moodstream.streamer.labeling.DeadLetterHeaders;
import moodstream.streamer.labeling.KeyText;
import moodstream.streamer.labeling.LabelJson;
import moodstream.streamer.labeling.LabelMessage;
import moodstream.streamer.follow.FollowedRecord;
import moodstream.streamer.follow.LabelFollower;
import moodstream.streamer.follow.StartFrom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code moodstream labels} and {@link LabelFollower} against a real broker. The fixture topics
 * hold what the streamer writes (labels in a committed transaction, a dead letter with its
 * headers), a label in an aborted transaction (never to be seen), and two malformed values.
 */
class LabelsIT {
    private static final String LABELS = "fx-labels";
    private static final String DLQ = "fx-labels.dlq";
    /** What the fixture topics hold, visible to read_committed. */
    private static final int FIXTURES = 6;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void fixtures() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        broker.createTopics(Map.of(LABELS, 2, DLQ, 1));
        try (KafkaProducer<String, byte[]> tx = producer(Optional.of("labels-it"))) {
            tx.initTransactions();
            tx.beginTransaction();
            send(tx, LABELS, "a.jpg", LabelJson.write(message("a.jpg", "happy", 0.91)), new RecordHeaders());
            send(tx, LABELS, "b.png", LabelJson.write(message("b.png", "sad", 0.77)), new RecordHeaders());
            tx.commitTransaction();
            tx.beginTransaction();
            send(tx, LABELS, "aborted.jpg", LabelJson.write(message("aborted.jpg", "happy", 0.5)), new RecordHeaders());
            tx.flush();
            tx.abortTransaction();
        }
        try (KafkaProducer<String, byte[]> plain = producer(Optional.empty())) {
            send(plain, LABELS, "broken", "oops, not json".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
            send(plain, LABELS, "shape", "{\"label\":\"happy\"}".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
            send(plain, LABELS, "c.gif", LabelJson.write(message("c.gif", "happy", 0.66)), new RecordHeaders());
            RecordHeaders dead = new RecordHeaders();
            dead.add("content-type", bytes("text/plain"));
            dead.add(DeadLetterHeaders.ERROR_CODE, bytes("NOT_AN_IMAGE"));
            dead.add(DeadLetterHeaders.ERROR_MESSAGE, bytes("the bytes start with no JPEG, PNG, BMP or GIF signature"));
            dead.add(DeadLetterHeaders.SOURCE_TOPIC, bytes("images"));
            dead.add(DeadLetterHeaders.SOURCE_PARTITION, bytes("3"));
            dead.add(DeadLetterHeaders.SOURCE_OFFSET, bytes("41"));
            dead.add(DeadLetterHeaders.FAILED_AT, bytes(Instant.now().toString()));
            send(plain, DLQ, "notes.txt", "x".repeat(5_000).getBytes(StandardCharsets.UTF_8), dead);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    static LabelMessage message(String id, String label, double score) {
        return new LabelMessage(id, id == null ? null : KeyText.UTF8, label, score, Map.of("happy", label.equals("happy") ? score : 1 - score,
                "sad", label.equals("sad") ? score : 1 - score),
                new LabelMessage.Model("moodstream-happy-sad", "20261124T031337Z", "ab".repeat(32)),
                new LabelMessage.Image("jpeg", 64, 48, 1_234), null, "whole-image", new LabelMessage.Timings(3.5, 0.25),
                new LabelMessage.Source("images", 0, 7), Instant.now());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<String, byte[]> producer(Optional<String> transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        transactionalId.ifPresent(id -> p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id));
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value, RecordHeaders headers)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get();
    }

    private static List<String> lines(String out) {
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void jsonLinesOfLabelsDeadLettersAndUnreadableRecordsAndNothingAborted() throws Exception {
        CliRun run = CliRun.of("labels", "--bootstrap-servers", broker.bootstrapServers(), "--topic", LABELS,
                "--dead-letters", "--dead-letter-topic", DLQ, "--from", "beginning", "--max", Integer.toString(FIXTURES),
                "--format", "json", "--timeout", "20s");
        assertThat(run.code()).as(run.printed()).isZero();
        List<String> lines = lines(run.out());
        assertThat(lines).as(run.printed()).hasSize(FIXTURES);
        Map<String, JsonNode> byKey = new HashMap<>();
        for (String line : lines) {
            JsonNode json = JSON.readTree(line);
            byKey.put(json.has("id") ? json.get("id").asText() : json.get("key").asText(), json);
        }
        assertThat(byKey).containsOnlyKeys("a.jpg", "b.png", "c.gif", "broken", "shape", "notes.txt");

        JsonNode a = byKey.get("a.jpg");
        assertThat(a.get("label").asText()).isEqualTo("happy");
        assertThat(a.get("score").asDouble()).isEqualTo(0.91);
        assertThat(a.get("topic").asText()).isEqualTo(LABELS);
        assertThat(a.get("model").get("sha256").asText()).isEqualTo("ab".repeat(32));
        assertThat(a.get("latency_ms").asLong()).isBetween(0L, 60_000L);
        assertThat(byKey.get("b.png").get("label").asText()).isEqualTo("sad");
        assertThat(byKey.get("c.gif").get("label").asText()).isEqualTo("happy"); // after the malformed ones: it went on

        JsonNode dead = byKey.get("notes.txt");
        assertThat(dead.get("topic").asText()).isEqualTo(DLQ);
        assertThat(dead.get("error_code").asText()).isEqualTo("NOT_AN_IMAGE");
        assertThat(dead.get("error_message").asText()).contains("no JPEG");
        assertThat(dead.get("source").get("topic").asText()).isEqualTo("images");
        assertThat(dead.get("source").get("partition").asInt()).isEqualTo(3);
        assertThat(dead.get("source").get("offset").asLong()).isEqualTo(41);
        assertThat(lines.stream().filter(l -> l.contains("notes.txt")).findFirst().orElseThrow()).doesNotContain("xxxxxxxx");

        assertThat(byKey.get("broken").get("unreadable").asText()).contains("not a label message").contains("oops, not json");
        assertThat(byKey.get("shape").get("unreadable").asText()).contains("not a label message");
        assertThat(run.err()).contains("6 record(s): 3 label(s), 1 dead letter(s), 2 unreadable");
    }

    @Test
    void aTableWithOneHeaderAndOneRowPerRecord() {
        CliRun run = CliRun.of("labels", "--bootstrap-servers", broker.bootstrapServers(), "--topic", LABELS,
                "--dead-letters", "--dead-letter-topic", DLQ, "--from", "beginning", "--max", Integer.toString(FIXTURES),
                "--timeout", "20s");
        assertThat(run.code()).as(run.printed()).isZero();
        List<String> lines = lines(run.out());
        assertThat(lines).as(run.printed()).hasSize(1 + FIXTURES);
        assertThat(lines.get(0)).startsWith("KEY").contains("LATENCY_MS");
        assertThat(lines.subList(1, lines.size())).noneMatch(l -> l.startsWith("KEY"));
        assertThat(lines).anyMatch(l -> l.startsWith("a.jpg ") && l.contains(" happy ") && l.contains(" 0.910 "));
        assertThat(lines).anyMatch(l -> l.startsWith("notes.txt ") && l.contains("DEAD LETTER NOT_AN_IMAGE") && l.contains("no JPEG"));
        assertThat(lines).anyMatch(l -> l.startsWith("broken ") && l.contains("UNREADABLE"));
        assertThat(lines).noneMatch(l -> l.contains("aborted"));
    }

    @Test
    void fromNowWithATimeoutShowsNothingOldAndEnds() {
        CliRun run = CliRun.of("labels", "--bootstrap-servers", broker.bootstrapServers(), "--topic", LABELS, "--timeout", "1s");
        assertThat(run.code()).as(run.printed()).isZero();
        assertThat(lines(run.out())).hasSize(1); // the header
        assertThat(run.millis()).isLessThan(15_000);
    }

    @Test
    void aMissingTopicIsNamed() {
        CliRun run = CliRun.of("labels", "--bootstrap-servers", broker.bootstrapServers(), "--topic", LABELS,
                "--dead-letters", "--dead-letter-topic", "no-such-dlq");
        assertThat(run.code()).as(run.printed()).isEqualTo(2);
        assertThat(run.err()).contains("[no-such-dlq]").contains("do not exist").contains("--create-topics");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aFollowerFromNowSeesWhatIsWrittenRightAfterItIsConstructed() throws Exception {
        broker.createTopics(Map.of("now-labels", 3));
        try (KafkaProducer<String, byte[]> plain = producer(Optional.empty())) {
            send(plain, "now-labels", "old", LabelJson.write(message("old", "sad", 0.9)), new RecordHeaders());
            Properties props = LabelFollower.consumerProperties(broker.bootstrapServers(), Map.of(), Optional.empty());
            try (LabelFollower follower = new LabelFollower(props, "now-labels", Optional.empty(), StartFrom.NOW)) {
                for (int i = 0; i < 6; i++) {
                    send(plain, "now-labels", "new-" + i, LabelJson.write(message("new-" + i, "happy", 0.6)), new RecordHeaders());
                }
                List<String> keys = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (keys.size() < 6 && System.nanoTime() < deadline) {
                    follower.poll(Duration.ofMillis(200)).forEach(e -> keys.add(e.key()));
                }
                follower.poll(Duration.ofMillis(300)).forEach(e -> keys.add(e.key()));
                assertThat(keys).containsExactlyInAnyOrder("new-0", "new-1", "new-2", "new-3", "new-4", "new-5");
            }
            try (LabelFollower all = new LabelFollower(props, "now-labels", Optional.empty(), StartFrom.BEGINNING)) {
                List<FollowedRecord> events = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (events.size() < 7 && System.nanoTime() < deadline) {
                    events.addAll(all.poll(Duration.ofMillis(200)));
                }
                assertThat(events).extracting(FollowedRecord::key).contains("old").hasSize(7);
                assertThat(events).allMatch(e -> e.label().isPresent() && e.latencyMs() >= 0);
            }
        }
    }

    @Test
    void aGroupGoesOnWhereItStoppedWithNothingSkipped() throws Exception {
        broker.createTopics(Map.of("grp-labels", 2));
        try (KafkaProducer<String, byte[]> plain = producer(Optional.empty())) {
            for (int i = 0; i < 5; i++) {
                send(plain, "grp-labels", "g-" + i, LabelJson.write(message("g-" + i, "happy", 0.7)), new RecordHeaders());
            }
        }
        CliRun first = CliRun.of("labels", "--bootstrap-servers", broker.bootstrapServers(), "--topic", "grp-labels",
                "--group", "dashboard", "--from", "beginning", "--max", "3", "--format", "json", "--timeout", "20s");
        assertThat(first.code()).as(first.printed()).isZero();
        CliRun second = CliRun.of("labels", "--bootstrap-servers", broker.bootstrapServers(), "--topic", "grp-labels",
                "--group", "dashboard", "--from", "beginning", "--max", "5", "--format", "json", "--timeout", "3s");
        assertThat(second.code()).as(second.printed()).isZero();
        List<String> keys = new ArrayList<>();
        for (String line : lines(first.out() + second.out())) {
            keys.add(JSON.readTree(line).get("id").asText());
        }
        assertThat(lines(first.out())).hasSize(3);
        assertThat(keys).as(first.printed() + second.printed()).containsExactlyInAnyOrder("g-0", "g-1", "g-2", "g-3", "g-4");
    }

    @Test
    void ctrlCStopsTheCommandCleanlyWithExitZero(@TempDir Path dir) throws Exception {
        Path jar = Path.of("..", "streamer", "target", "moodstream-streamer.jar").toAbsolutePath().normalize();
        assertThat(jar).as("run through 'mvn verify', which packages the jar before integration tests").exists();
        Path errFile = dir.resolve("stderr.txt");
        Process labels = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", jar.toString(), "labels", "--bootstrap-servers", broker.bootstrapServers(), "--topic", LABELS,
                "--from", "beginning").redirectError(errFile.toFile()).start();
        try {
            BlockingQueue<String> out = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(labels.getInputStream(), StandardCharsets.UTF_8))) {
                    r.lines().forEach(out::add);
                } catch (java.io.IOException ignored) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.size() < 1 + FIXTURES - 1 && System.nanoTime() < deadline) { // header + the 5 records of LABELS
                String line = out.poll(200, TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.add(line);
                }
            }
            assertThat(seen).as("stdout so far; stderr:%n%s", Files.readString(errFile)).hasSize(FIXTURES);
            assertThat(CtrlC.send(labels)).as("SIGINT sent").isTrue();
            assertThat(labels.waitFor(20, TimeUnit.SECONDS)).as("labels ends after Ctrl-C").isTrue();
            String err = Files.readString(errFile);
            assertThat(labels.exitValue()).as(err).isZero();
            assertThat(err).contains("5 record(s): 3 label(s), 0 dead letter(s), 2 unreadable").doesNotContain("Exception");
        } finally {
            labels.destroyForcibly();
        }
    }
}
