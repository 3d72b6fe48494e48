package moodstream.sandbox.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.testing.TestImages;
import moodstream.sandbox.broker.EmbeddedKafkaBroker;
import moodstream.streamer.StreamerApp;
import moodstream.streamer.follow.FollowedRecord;
import moodstream.streamer.follow.LabelFollower;
import moodstream.streamer.follow.TableFormat;
import moodstream.streamer.follow.StartFrom;
import moodstream.trainer.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tools around a real streamer, as the demo uses them: a follower from now, then
 * {@code publish} of a folder; every file comes back once, as a label or a dead letter.
 */
class ToolsEndToEndIT {
    @Test
    void publishedFilesComeBackAsLabelsAndDeadLetters(@TempDir Path dir) throws Exception {
        Path model = TinyModels.write(dir.resolve("model.onnx"),
                TinyModels.card(PreprocessingSpec.of(24, 24, 1), List.of("happy", "sad")));
        Path photos = Files.createDirectories(dir.resolve("photos/day"));
        Files.write(photos.resolve("a.jpg"), TestImages.jpeg(TestImages.noise(60, 40, 1)));
        Files.write(photos.resolve("b.png"), TestImages.png(TestImages.noise(30, 30, 2)));
        Files.write(photos.resolve("c.gif"), TestImages.encode(TestImages.noise(20, 20, 3), "gif"));
        Files.writeString(photos.resolve("notes.txt"), "not an image", StandardCharsets.UTF_8);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(Map.of("images", 2, "labels", 2, "images.dlq", 1, "labels.stats", 1));
            try (StreamerApp app = StreamerApp.start(KafkaTestClients.config(broker.bootstrapServers(), "tools-e2e", model, 1));
                 LabelFollower follower = new LabelFollower(
                         LabelFollower.consumerProperties(broker.bootstrapServers(), Map.of(), Optional.empty()),
                         "labels", Optional.of("images.dlq"), StartFrom.NOW)) {
                long before = System.currentTimeMillis();
                CliRun publish = CliRun.of("publish", "--bootstrap-servers", broker.bootstrapServers(), "--force",
                        dir.resolve("photos").toString());
                assertThat(publish.code()).as(publish.printed()).isZero();
                assertThat(publish.out()).startsWith("sent 4 (");

                List<FollowedRecord> events = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (events.size() < 4 && System.nanoTime() < deadline) {
                    events.addAll(follower.poll(Duration.ofMillis(200)));
                }
                events.addAll(follower.poll(Duration.ofSeconds(1))); // and nothing twice
                TableFormat table = new TableFormat();
                StringBuilder shown = new StringBuilder(table.header()).append('\n');
                events.forEach(e -> shown.append(table.row(e)).append('\n'));

                assertThat(events).as(shown.toString()).extracting(FollowedRecord::key)
                        .containsExactlyInAnyOrder("day/a.jpg", "day/b.png", "day/c.gif", "day/notes.txt");
                for (FollowedRecord e : events) {
                    if (e.key().equals("day/notes.txt")) {
                        assertThat(e.deadLetter()).as(shown.toString()).isTrue();
                        assertThat(e.errorCode()).contains("NOT_AN_IMAGE");
                        assertThat(e.source().orElseThrow().topic()).isEqualTo("images");
                    } else {
                        assertThat(e.label()).as(shown.toString()).isPresent();
                        assertThat(e.label().get().label()).isIn("happy", "sad");
                        assertThat(e.label().get().id()).isEqualTo(e.key());
                    }
                    // The output keeps the input's timestamp: latency runs from publishing.
                    assertThat(e.publishedAtMs()).isBetween(before, e.receivedAtMs());
                    assertThat(e.latencyMs()).isBetween(0L, 60_000L);
                }
                assertThat(shown.toString()).contains("DEAD LETTER NOT_AN_IMAGE");
            }
        }
    }
}
