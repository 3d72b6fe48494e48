package moodstream.streamer.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import moodstream.core.image.ImageLimits;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.testing.TestImages;
import moodstream.streamer.labeling.ImageLabeler;
import moodstream.streamer.labeling.LabelerSettings;
import moodstream.streamer.labeling.LabelingMetrics;
import moodstream.streamer.labeling.LabelingTopology;
import moodstream.streamer.labeling.OutputLimits;
import moodstream.streamer.labeling.Topics;
import moodstream.trainer.TinyModels;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statistics sub-topology: window edges, late images within and after the grace, and what a window's record says. */
class WindowStatsTopologyTest {
    private static final Instant T = Instant.parse("2026-11-24T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static ImageClassifier classifier;
    private TopologyTestDriver driver;

    @BeforeAll
    static void model() throws Exception {
        classifier = TinyModels.classifier(dir.resolve("model.onnx"), new ImageLimits(200_000, 4_000_000));
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    @Test
    void oneRecordPerClosedWindowWithLateImagesCountedUntilTheGraceEnds() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "stats-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        LabelerSettings settings = LabelerSettings.of(new OutputLimits(1_048_576, 100_000));
        StatsSettings stats = new StatsSettings(Duration.ofMinutes(1), Duration.ofSeconds(10), "labels.stats");
        try (TopologyTestDriver driver = new TopologyTestDriver(LabelingTopology.build(Topics.DEFAULT,
                () -> new ImageLabeler(classifier, new LabelingMetrics(new SimpleMeterRegistry()), Clock.fixed(T, ZoneOffset.UTC), settings),
                Optional.of(stats)), props)) {
            this.driver = driver;
            TestInputTopic<String, byte[]> images = driver.createInputTopic("images", new StringSerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> labels = driver.createOutputTopic("labels", new StringDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<String, byte[]> windows = driver.createOutputTopic("labels.stats", new StringDeserializer(),
                    new ByteArrayDeserializer());

            send(images, "a", 1, true);
            send(images, "b", 20, true);
            send(images, "bad", 30, false);
            send(images, "c", 61, true);        // the next window; stream time 61 s
            send(images, "late", 50, true);     // back in the first window, within its grace (ends at 70 s)
            assertThat(windows.isEmpty()).as("no window has closed yet").isTrue();
            send(images, "e", 71, true);        // stream time past 60 + 10: the first window closes
            send(images, "too-late", 10, true); // after the grace: labelled, but in no window

            List<TestRecord<String, byte[]>> closed = windows.readRecordsToList();
            assertThat(closed).hasSize(1);
            JsonNode first = JSON.readTree(closed.get(0).value());
            assertThat(closed.get(0).key()).isEqualTo(T.toString());
            assertThat(first.get("window_start").asText()).isEqualTo(T.toString());
            assertThat(first.get("window_end").asText()).isEqualTo(T.plusSeconds(60).toString());
            assertThat(first.get("images").asLong()).isEqualTo(4);
            assertThat(first.at("/dead_letters/NOT_AN_IMAGE").asLong()).isEqualTo(1);
            long happy = first.at("/labels/happy/count").asLong(0);
            long sad = first.at("/labels/sad/count").asLong(0);
            assertThat(happy + sad).isEqualTo(3);
            assertThat(first.at("/models/0/version").asText()).isEqualTo("t1");
            assertThat(first.at("/models/0/sha256").asText()).isEqualTo(classifier.model().sha256());
            assertThat(first.at("/models/0/labels").asLong()).isEqualTo(3);

            // The mean score per label is the mean of the labels' own scores in that window.
            double sum = 0;
            int n = 0;
            String label = happy > 0 ? "happy" : "sad";
            for (TestRecord<String, byte[]> r : labels.readRecordsToList()) {
                JsonNode l = JSON.readTree(r.value());
                if (List.of("a", "b", "late").contains(r.key()) && l.get("label").asText().equals(label)) {
                    sum += l.get("score").asDouble();
                    n++;
                }
            }
            assertThat(first.at("/labels/" + label + "/mean_score").asDouble()).isCloseTo(sum / n, within(1e-9));

            send(images, "far", 200, true);     // closes the second window: c and e, not the too-late one
            JsonNode second = JSON.readTree(windows.readRecordsToList().get(0).value());
            assertThat(second.get("window_start").asText()).isEqualTo(T.plusSeconds(60).toString());
            assertThat(second.get("images").asLong()).isEqualTo(2);
            assertThat(second.get("dead_letters").size()).isZero();
        }
    }

    /** One image, then a second of wall-clock time, in which each task sends its partial counts on. */
    private void send(TestInputTopic<String, byte[]> images, String key, int second, boolean image) {
        byte[] value = image ? TestImages.png(TestImages.noise(40, 30, key.hashCode())) : "not an image".getBytes(StandardCharsets.UTF_8);
        images.pipeInput(new TestRecord<>(key, value, T.plusSeconds(second)));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
}
