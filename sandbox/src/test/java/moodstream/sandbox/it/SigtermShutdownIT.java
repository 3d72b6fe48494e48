package moodstream.sandbox.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.testing.SharedDatasets;
import moodstream.sandbox.broker.EmbeddedKafkaBroker;
import moodstream.streamer.StreamerApp;
import moodstream.trainer.TinyModels;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streamer as users run it, in its own JVM: SIGTERM mid-stream closes Kafka Streams
 * gracefully (the log says so, the process ends), and an instance started afterwards
 * finishes the rest with nothing lost and nothing twice.
 */
class SigtermShutdownIT {
    @Test
    void sigtermMidStreamLosesNothing(@TempDir Path dir) throws Exception {
        Path fer = SharedDatasets.require("fer2013-happy-sad");
        Path model = TinyModels.write(dir.resolve("model.onnx"),
                TinyModels.card(PreprocessingSpec.of(48, 48, 1), List.of("happy", "sad")));
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(fer.resolve("test/sad"))) {
            for (Path file : files.sorted().limit(400).toList()) {
                inputs.put("sad/" + file.getFileName(), Files.readAllBytes(file));
            }
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(Map.of("images", 4, "labels", 4, "images.dlq", 4, "labels.stats", 1));
            Path log = dir.resolve("streamer.log");
            Process streamer = StreamerProcess.start(log, broker.bootstrapServers(), model, "--application-id", "sigterm-it",
                    "--stream-threads", "1", "--kafka", "state.dir=" + dir.resolve("state"),
                    "--kafka", "commit.interval.ms=100").process();
            try (KafkaProducer<String, byte[]> producer = KafkaTestClients.producer(broker.bootstrapServers())) {
                KafkaTestClients.send(producer, "images", inputs);
                List<ConsumerRecord<String, byte[]>> early = KafkaTestClients.readCommitted(broker.bootstrapServers(),
                        List.of("labels"), 50, Duration.ofSeconds(90), Duration.ZERO);
                assertThat(early.size()).as("labels before SIGTERM (streamer alive: %s); log:%n%s", streamer.isAlive(),
                        Files.readString(log)).isGreaterThanOrEqualTo(50);

                streamer.destroy(); // SIGTERM
                assertThat(streamer.waitFor(60, TimeUnit.SECONDS)).as("the streamer exits after SIGTERM").isTrue();
            } finally {
                streamer.destroyForcibly();
            }
            String output = Files.readString(log);
            assertThat(output).contains("PENDING_SHUTDOWN").contains("-> NOT_RUNNING").doesNotContain("Exception in thread");

            try (StreamerApp rest = StreamerApp.start(KafkaTestClients.config(broker.bootstrapServers(), "sigterm-it", model, 1))) {
                List<ConsumerRecord<String, byte[]>> out = KafkaTestClients.readCommitted(broker.bootstrapServers(),
                        List.of("labels", "images.dlq"), inputs.size(), Duration.ofSeconds(120), Duration.ofSeconds(3));
                Map<String, Long> counts = out.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
                assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(inputs.keySet());
                assertThat(counts.values()).allMatch(n -> n == 1);
            }
        }
    }
}
