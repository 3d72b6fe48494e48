package moodstream.sandbox.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.testing.TestImages;
import moodstream.streamer.ops.TopicGuard;
import moodstream.trainer.TinyModels;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash costs seconds, and exactly-once holds through it. Two streamer processes share a
 * 4-partition topic while images flow at a steady rate; one is killed with SIGKILL (no commit,
 * no leave-group), later the broker itself is. After each, every partition must give committed
 * labels again within {@link #RECOVERY_BOUND}, as a read_committed consumer sees them, and at
 * the end every acknowledged image has exactly one label.
 */
class KillNineRecoveryIT {
    /**
     * Issue 8's bound. The survivor waits out the session timeout (6 s); the labels it writes are
     * readable once the coordinator has aborted the dead one's transaction: its timeout (5 s) plus
     * up to one check interval (4 s, which must exceed the broker's session timeout:
     * EmbeddedKafkaBroker), so at most about 9 s.
     */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(10);
    /** What Kafka 4.3's transaction coordinator logs when it completes a transaction without writing its markers. */
    static final String SKIPPED_MARKERS = "likely deleted already and hence can be skipped";
    private static final int PARTITIONS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the streamer logs when a task starts with images held by an earlier run of it (ImageLabeler). */
    private static final Pattern HELD_RESTORED = Pattern.compile("task \\d+_\\d+: \\d+ held image\\(s\\) restored");
    /** Kills, each by a fresh instance, before the mid-batch test gives up on landing one mid-batch. */
    private static final int KILLS = 3;

    @Test
    void aKilledInstanceOrBrokerStallsItsPartitionsForSecondsAndNothingIsLostOrTwice(@TempDir Path dir) throws Exception {
        Path model = model(dir);
        List<byte[]> images = images();
        Files.createDirectories(dir.resolve("broker"));
        try {
            run(dir, model, images);
        } catch (Throwable t) {
            keepForDiagnosis(dir);
            throw t;
        }
    }

    /**
     * Issue 11: with micro-batching, a task holds preprocessed images in its logged store between
     * commits. A batch that fills slower than its maximum wait (12.5 images/s a partition against
     * 64 images or 1 s) keeps images held at most commits, so a kill -9 usually lands mid-batch:
     * the survivor must restore what the dead instance held and committed, label it, and read
     * again what it had not committed, with each input record labelled exactly once.
     *
     * <p>Usually, not always: a task's held images are flushed every 1-1.5 s and the next one comes
     * 80 ms later, and the killed instance may run one held-store task or two (the window
     * statistics are a fifth task). When the survivor restored no held image, the kill missed, and
     * a fresh instance joins to be killed in turn, up to {@link #KILLS} kills; every kill still
     * counts for exactly once.
     */
    @Test
    void aStreamerKilledMidBatchLosesNoHeldImageAndLabelsNoneTwice(@TempDir Path dir) throws Exception {
        Path model = model(dir);
        List<byte[]> images = images();
        Files.createDirectories(dir.resolve("broker"));
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"), Map.of())) {
            String bootstrap = broker.bootstrapServers();
            createTopics(bootstrap);
            String[] batching = {"--batch-size", "64", "--batch-max-wait", "1s"};
            // Every instance started is stopped before the broker, and before the files are kept for diagnosis.
            List<StreamerProcess> started = new ArrayList<>();
            try (Feeder feeder = new Feeder(bootstrap, images);
                 Watcher watcher = new Watcher(bootstrap)) {
                StreamerProcess survivor = streamer(dir, "b", bootstrap, model, "kill9-batch-it", batching);
                started.add(survivor);
                for (int kill = 1; ; kill++) {
                    String id = "a" + kill;
                    StreamerProcess victim = streamer(dir, id, bootstrap, model, "kill9-batch-it", batching);
                    started.add(victim);
                    awaitLabellingTask(victim, Duration.ofSeconds(120));
                    watcher.awaitLabelsOnEveryPartitionAfter(Instant.now(), Duration.ofSeconds(120), victim, survivor);
                    Thread.sleep(3_000);
                    long restoredBefore = HELD_RESTORED.matcher(survivor.log()).results().count();
                    Instant killed = Instant.now();
                    victim.kill9();
                    Duration recovery = watcher.awaitLabelsOnEveryPartitionAfter(killed, Duration.ofSeconds(90), survivor);
                    Thread.sleep(2_000);
                    assertThat(watcher.countsBySource().entrySet()).as("no input record labelled twice after kill %d", kill)
                            .allMatch(e -> e.getValue() == 1);
                    if (HELD_RESTORED.matcher(survivor.log()).results().count() > restoredBefore) {
                        System.out.printf("batching, kill -9 of an instance mid-batch (kill %d): every partition labelled again after %d ms%n",
                                kill, recovery.toMillis());
                        break;
                    }
                    assertThat(kill).as("one of %d kills -9 landed mid-batch: the survivor took over images the killed instance held",
                            KILLS).isLessThan(KILLS);
                    System.out.printf("batching: kill %d found no held image to restore; another instance joins%n", kill);
                }
                Set<String> acked = stopAndAwaitEveryLabel(feeder, watcher);
                assertThat(watcher.countsBySource().entrySet()).as("no input record labelled twice").allMatch(e -> e.getValue() == 1);
                System.out.printf("batching: %,d images, %,d labels%n", acked.size(), watcher.countsBySource().size());
                assertThat(survivor.isAlive()).isTrue();
            } finally {
                for (StreamerProcess s : started) {
                    s.close();
                }
            }
        } catch (Throwable t) {
            keepForDiagnosis(dir);
            throw t;
        }
    }

    /**
     * Waits until the instance labels images itself: its {@code /status.json} counts images in
     * ({@code records_in}) only in an active labelling task. A task directory in its state folder
     * is no proof: Kafka Streams makes one for a warm-up copy too.
     */
    private static void awaitLabellingTask(StreamerProcess instance, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> reply = instance.get("/status.json");
                if (reply.statusCode() == 200 && JSON.readTree(reply.body()).path("records_in").asLong() > 0) {
                    return;
                }
            } catch (java.io.IOException e) {
                // Not listening yet: the JVM is starting.
            }
            assertThat(instance.isAlive()).as("streamer alive; log:%n%s", instance.log()).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the instance on HTTP port " + instance.httpPort() + " labelled no image within " + timeout);
    }

    /** Stops sending; then every image the broker acknowledged must get a label, and late duplicates have had time to come. */
    private static Set<String> stopAndAwaitEveryLabel(Feeder feeder, Watcher watcher) throws InterruptedException {
        feeder.stop();
        Set<String> acked = feeder.acked();
        watcher.awaitKeys(acked, Duration.ofSeconds(120));
        Thread.sleep(3_000);
        assertThat(acked).hasSizeGreaterThan(200);
        Map<String, Integer> counts = watcher.counts();
        assertThat(acked).allSatisfy(key -> assertThat(counts).as("a label for %s", key).containsKey(key));
        return acked;
    }

    private static Path model(Path dir) throws Exception {
        return TinyModels.write(dir.resolve("model.onnx"), TinyModels.card(PreprocessingSpec.of(48, 48, 1), List.of("happy", "sad")));
    }

    /** 16 distinct small images, sent in turn. */
    private static List<byte[]> images() {
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            images.add(TestImages.png(TestImages.noise(64, 64, i)));
        }
        return images;
    }

    private static void createTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("images", PARTITIONS, (short) 1), new NewTopic("labels", PARTITIONS, (short) 1),
                    new NewTopic("images.dlq", PARTITIONS, (short) 1), new NewTopic("labels.stats", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            // Producing to a partition before it has a leader is how the sequence errors began (docs/streaming.md).
            TopicGuard.awaitLeaders(admin, List.of("images", "labels", "images.dlq", "labels.stats"), Duration.ofSeconds(30));
        }
    }

    private static void run(Path dir, Path model, List<byte[]> images) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"), Map.of())) {
            String bootstrap = broker.bootstrapServers();
            createTopics(bootstrap);
            try (StreamerProcess a = streamer(dir, "a", bootstrap, model, "kill9-it");
                 StreamerProcess b = streamer(dir, "b", bootstrap, model, "kill9-it");
                 Feeder feeder = new Feeder(bootstrap, images);
                 Watcher watcher = new Watcher(bootstrap)) {
                // Else the kill might hit an instance that runs nothing yet, and recovery would be free.
                awaitLabellingTask(a, Duration.ofSeconds(120));
                watcher.awaitLabelsOnEveryPartitionAfter(Instant.now(), Duration.ofSeconds(120), a, b);
                Thread.sleep(2_000);

                Instant killed = Instant.now();
                System.out.println("kill -9 of instance a at " + killed);
                a.kill9();
                // What a SIGKILL leaves (ONNX Runtime's native copies, the state store) stays in the test's folder.
                try (Stream<Path> left = Files.list(a.tmpDir())) {
                    assertThat(left.map(p -> p.getFileName().toString())).as("what the killed streamer left in %s", a.tmpDir())
                            .anyMatch(n -> n.startsWith("onnxruntime-java"));
                }
                Duration instanceRecovery = watcher.awaitLabelsOnEveryPartitionAfter(killed, Duration.ofSeconds(90), b);
                Thread.sleep(2_000);
                // Checked per phase, so that a failure says which crash it followed.
                assertThat(watcher.countsBySource().entrySet()).as("no input record labelled twice after the instance's kill -9")
                        .allMatch(e -> e.getValue() == 1);

                System.out.println("kill -9 of the broker at " + Instant.now());
                broker.kill9();
                Instant brokerDown = Instant.now();
                broker.restart();
                Instant answering = Instant.now();
                Duration brokerRecovery = watcher.awaitLabelsOnEveryPartitionAfter(answering, Duration.ofSeconds(90), b);
                System.out.printf("kill -9 of an instance: every partition labelled again after %d ms;"
                                + " kill -9 of the broker: restarted in %d ms, every partition labelled again %d ms after it answered%n",
                        instanceRecovery.toMillis(), Duration.between(brokerDown, answering).toMillis(), brokerRecovery.toMillis());

                Set<String> acked = stopAndAwaitEveryLabel(feeder, watcher);
                Map<String, Integer> counts = watcher.counts();
                // Exactly once is per input record: one label per source offset. A key can still come
                // twice when the feeder's own retry after the broker's kill -9 wrote its image twice
                // (two input records, two offsets): that is the test producer's doing, counted apart.
                // The Kafka defect behind the duplicates once seen here (docs/streaming.md): a restarted
                // single broker completes pending transactions without their markers. With the broker's
                // settings it can still hit a commit that was in flight, which the next commit of the same
                // producer completes consistently; said here, so a failure above can be told from it.
                if (broker.log().contains(SKIPPED_MARKERS)) {
                    System.out.println("note: the restarted broker completed a transaction without its markers (" + SKIPPED_MARKERS + ")");
                }
                Map<String, Integer> bySource = watcher.countsBySource();
                assertThat(bySource.entrySet()).as("no input record labelled twice after the broker's kill -9").allMatch(e -> e.getValue() == 1);
                long keysTwice = counts.values().stream().filter(n -> n > 1).count();
                System.out.printf("%,d images acknowledged, %,d labels, %,d keys published twice by the feeder%n", acked.size(),
                        bySource.size(), keysTwice);
                assertThat(b.isAlive()).as("the survivor is still running; log:%n%s", b.log()).isTrue();

                assertThat(instanceRecovery).as("recovery after kill -9 of an instance").isLessThanOrEqualTo(RECOVERY_BOUND);
                assertThat(brokerRecovery).as("recovery after the broker answers again").isLessThanOrEqualTo(RECOVERY_BOUND);
            }
        }
    }

    /**
     * A failure here is timing-dependent and rarely repeats at will, so the evidence is kept: the
     * broker's data (for kafka.tools.DumpLogSegments: producer ids, epochs and transaction markers of
     * every batch) and every process's log, under target/kill9-failures/.
     */
    private static void keepForDiagnosis(Path dir) throws java.io.IOException {
        Path keep = Path.of("target", "kill9-failures", Instant.now().toString().replace(':', '-')).toAbsolutePath();
        try (var files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = keep.resolve(dir.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        System.out.println("KillNineRecoveryIT failed; broker data and logs kept in " + keep);
    }

    private static StreamerProcess streamer(Path dir, String id, String bootstrap, Path model, String applicationId, String... more)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("--application-id", applicationId, "--instance-id", id, "--stream-threads", "1",
                "--kafka", "state.dir=" + dir.resolve(id + "-state"), "--kafka", "commit.interval.ms=100"));
        args.addAll(List.of(more));
        return StreamerProcess.start(dir.resolve(id + ".log"), bootstrap, model, args.toArray(String[]::new));
    }

    /** Publishes an image every 20 ms, with retries (not idempotent, see below); remembers which keys the broker acknowledged. */
    private static final class Feeder implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;
        private final Set<String> acked = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Feeder(String bootstrap, List<byte[]> images) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            // Not idempotent: after the broker's kill -9 an idempotent producer was seen stuck for good
            // on OUT_OF_ORDER_SEQUENCE_NUMBER (its sequence back at 0, the broker's at 445), so two
            // partitions got no new images and the test timed out. The streamer's exactly-once is
            // judged per input record (source offset), so a retry that writes an image twice is
            // counted apart as the feeder's doing, never as the streamer's.
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
            thread = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    String key = String.format("img-%06d", i);
                    producer.send(new ProducerRecord<>("images", key, images.get(i % images.size())), (meta, e) -> {
                        if (e == null) {
                            acked.add(key);
                        }
                    });
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "feeder");
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
            producer.flush();
        }

        Set<String> acked() {
            return Set.copyOf(acked);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
            producer.close(Duration.ofSeconds(10));
        }
    }

    /** A downstream read_committed consumer of the labels: per key how often, per partition when labels were made and seen. */
    private static final class Watcher implements AutoCloseable {
        private record Seen(int partition, Instant processedAt, Instant arrived) {
        }

        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<String, Integer> counts = new ConcurrentHashMap<>();
        private final Map<String, Integer> bySource = new ConcurrentHashMap<>();
        private final Map<String, String> firstLabel = new ConcurrentHashMap<>();
        private final List<Seen> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Watcher(String bootstrap) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of("labels", "images.dlq")) {
                for (int i = 0; i < PARTITIONS; i++) {
                    partitions.add(new TopicPartition(topic, i));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            thread = new Thread(this::run, "watcher");
            thread.start();
        }

        private void run() {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    counts.merge(r.key(), 1, Integer::sum);
                    if (r.topic().equals("labels")) {
                        try {
                            var label = JSON.readTree(r.value());
                            String src = label.at("/source/partition").asInt() + "@" + label.at("/source/offset").asLong();
                            String where = "labels-" + r.partition() + "@" + r.offset() + " made at " + label.get("processed_at").asText()
                                    + " read at " + Instant.now();
                            String first = firstLabel.putIfAbsent(src, where);
                            if (bySource.merge(src, 1, Integer::sum) > 1) {
                                // Diagnostics for a failure: both labels, where they are in the log and when they were made and read.
                                System.out.println("labelled twice: images " + src + " (key " + r.key() + "): first " + first
                                        + "; again " + where);
                            }
                            Instant processedAt = Instant.parse(label.get("processed_at").asText());
                            seen.add(new Seen(r.partition(), processedAt, Instant.now()));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
            }
        }

        /**
         * Waits until every partition has a label made after {@code since}; returns how long after
         * {@code since} the last partition's first one was seen.
         */
        Duration awaitLabelsOnEveryPartitionAfter(Instant since, Duration timeout, StreamerProcess... streamers) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Map<Integer, Instant> first = new java.util.HashMap<>();
                synchronized (seen) {
                    for (Seen s : seen) {
                        if (s.processedAt().isAfter(since)) {
                            first.merge(s.partition(), s.arrived(), (x, y) -> x.isBefore(y) ? x : y);
                        }
                    }
                }
                if (first.size() == PARTITIONS) {
                    return Duration.between(since, first.values().stream().max(Instant::compareTo).orElseThrow());
                }
                for (StreamerProcess s : streamers) {
                    assertThat(s.isAlive()).as("streamer alive; log:%n%s", s.log()).isTrue();
                }
                Thread.sleep(50);
            }
            throw new AssertionError("not every partition was labelled within " + timeout + " after " + since);
        }

        void awaitKeys(Set<String> keys, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !counts.keySet().containsAll(keys)) {
                Thread.sleep(100);
            }
        }

        Map<String, Integer> counts() {
            return Map.copyOf(counts);
        }

        /** Labels per input record ({@code partition@offset} of {@code images}). */
        Map<String, Integer> countsBySource() {
            return Map.copyOf(bySource);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
            consumer.close();
        }
    }
}
