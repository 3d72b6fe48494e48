package moodstream.sandbox.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.testing.SharedDatasets;
import moodstream.sandbox.broker.EmbeddedKafkaBroker;
import moodstream.streamer.StreamerApp;
import moodstream.trainer.TinyModels;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scaling out is Kafka's job: two instances with one application id split a 4-partition
 * topic; stopping one mid-stream hands its partitions to the other, and every record still
 * comes out exactly once.
 */
class TwoInstancesFailoverIT {
    @Test
    void stoppingOneOfTwoInstancesMidStreamLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        Path fer = SharedDatasets.require("fer2013-happy-sad");
        Path model = TinyModels.write(dir.resolve("model.onnx"),
                TinyModels.card(PreprocessingSpec.of(48, 48, 1), List.of("happy", "sad")));
        Map<String, byte[]> first = new LinkedHashMap<>();
        Map<String, byte[]> second = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(fer.resolve("test/happy"))) {
            List<Path> sample = files.sorted().limit(300).toList();
            for (int i = 0; i < sample.size(); i++) {
                (i < 150 ? first : second).put("face-" + i, Files.readAllBytes(sample.get(i)));
            }
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(Map.of("images", 4, "labels", 4, "images.dlq", 4, "labels.stats", 1));
            StreamerApp a = StreamerApp.start(KafkaTestClients.config(broker.bootstrapServers(), "failover-it", model, 1));
            StreamerApp b = StreamerApp.start(KafkaTestClients.config(broker.bootstrapServers(), "failover-it", model, 1));
            try (KafkaProducer<String, byte[]> producer = KafkaTestClients.producer(broker.bootstrapServers())) {
                awaitSplit(a, b);
                assertThat(membersOf(broker.bootstrapServers(), "failover-it")).isEqualTo(2);
                KafkaTestClients.send(producer, "images", first);
                // Mid-stream: some of the first half is labelled, the second half not even sent.
                List<ConsumerRecord<String, byte[]>> early = KafkaTestClients.readCommitted(broker.bootstrapServers(),
                        List.of("labels"), 40, Duration.ofSeconds(60), Duration.ZERO);
                assertThat(early.size()).isGreaterThanOrEqualTo(40);
                a.close();
                for (Map.Entry<String, byte[]> e : second.entrySet()) {
                    producer.send(new ProducerRecord<>("images", e.getKey(), e.getValue()));
                }
                producer.flush();

                int total = first.size() + second.size();
                List<ConsumerRecord<String, byte[]>> out = KafkaTestClients.readCommitted(broker.bootstrapServers(),
                        List.of("labels", "images.dlq"), total, Duration.ofSeconds(180), Duration.ofSeconds(3));
                Map<String, Long> counts = out.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
                Set<String> expected = new java.util.HashSet<>(first.keySet());
                expected.addAll(second.keySet());
                assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(counts.values()).allMatch(n -> n == 1);
                assertThat(out).allMatch(r -> r.topic().equals("labels"));
                // The survivor took over every partition.
                assertThat(b.state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(b.activeTasks()).isEqualTo(4);
            } finally {
                a.close();
                b.close();
            }
        }
    }

    /** Both running, each with a share of the 4 partitions: Kafka split the work between them. */
    private static void awaitSplit(StreamerApp a, StreamerApp b) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (Stream.of(a, b).allMatch(app -> app.state() == KafkaStreams.State.RUNNING && app.activeTasks() > 0)
                    && a.activeTasks() + b.activeTasks() == 4) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the two instances did not both get partitions within 60 s: " + a.activeTasks() + " and "
                + b.activeTasks());
    }

    private static int membersOf(String bootstrap, String group) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(p)) {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().size();
        }
    }
}
