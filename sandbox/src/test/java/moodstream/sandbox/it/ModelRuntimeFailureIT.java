package moodstream.sandbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.inference.InferenceOptions;
import moodstream.core.inference.OnnxModel;
import moodstream.core.testing.TestImages;
import moodstream.sandbox.broker.EmbeddedKafkaBroker;
import moodstream.streamer.StreamerApp;
import moodstream.trainer.TinyModels;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model runtime that fails on every image stops the instance, which exits non-zero with the
 * reason, dead-letters nothing and commits nothing; a healthy instance then labels every
 * record exactly once. The failure is ONNX Runtime's own, on a model that loads but cannot run.
 */
class ModelRuntimeFailureIT {
    @Test
    void aFailingRuntimeStopsTheInstanceAndLeavesItsRecordsToAHealthyOne(@TempDir Path dir) throws Exception {
        Path good = TinyModels.write(dir.resolve("model.onnx"),
                TinyModels.card(PreprocessingSpec.of(48, 48, 1), List.of("happy", "sad")));
        Path broken = FailingModels.gatherOutOfRange(good, dir.resolve("broken.onnx"));
        try (ImageClassifier classifier = new ImageClassifier(OnnxModel.load(broken, InferenceOptions.CPU), ImageLimits.DEFAULT)) {
            byte[] png = TestImages.png(TestImages.noise(48, 48, 1));
            assertThatThrownBy(() -> classifier.classify(png)).as("the broken model loads but fails in ONNX Runtime")
                    .hasMessageContaining("out of");
        }
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            inputs.put("img-" + i, TestImages.png(TestImages.noise(48, 48, i)));
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(Map.of("images", 2, "labels", 2, "images.dlq", 2, "labels.stats", 1));
            try (KafkaProducer<String, byte[]> producer = KafkaTestClients.producer(broker.bootstrapServers())) {
                KafkaTestClients.send(producer, "images", inputs);
            }
            try (StreamerProcess failing = StreamerProcess.start(dir.resolve("failing.log"), broker.bootstrapServers(), broken,
                    "--application-id", "runtime-failure-it", "--stream-threads", "1", "--max-inference-failures", "2",
                    "--kafka", "state.dir=" + dir.resolve("state"), "--kafka", "commit.interval.ms=100")) {
                int exit = failing.waitFor(90);
                assertThat(exit).as("exit code; log:%n%s", failing.log()).isEqualTo(1);
                assertThat(failing.log()).contains("the model runtime failed 2 times in a row").contains("this instance stops");
            }
            assertThat(KafkaTestClients.readCommitted(broker.bootstrapServers(), List.of("labels", "images.dlq"), 1,
                    Duration.ofSeconds(3), Duration.ZERO)).as("nothing labelled, nothing dead-lettered").isEmpty();

            try (StreamerApp healthy = StreamerApp.start(KafkaTestClients.config(broker.bootstrapServers(), "runtime-failure-it",
                    good, 1))) {
                List<ConsumerRecord<String, byte[]>> out = KafkaTestClients.readCommitted(broker.bootstrapServers(),
                        List.of("labels", "images.dlq"), inputs.size(), Duration.ofSeconds(90), Duration.ofSeconds(2));
                Map<String, Long> counts = out.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
                assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(inputs.keySet());
                assertThat(counts.values()).allMatch(n -> n == 1);
                assertThat(out).allMatch(r -> r.topic().equals("labels"));
            }
        }
    }
}
