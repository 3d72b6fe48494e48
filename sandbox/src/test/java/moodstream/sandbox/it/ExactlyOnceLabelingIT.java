package moodstream.sandbox.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.InvalidImageException;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.inference.InferenceOptions;
import moodstream.core.inference.OnnxModel;
import moodstream.core.testing.SharedDatasets;
import moodstream.core.testing.TestImages;
import moodstream.sandbox.broker.EmbeddedKafkaBroker;
import moodstream.streamer.StreamerApp;
import moodstream.streamer.labeling.DeadLetterHeaders;
import moodstream.streamer.labeling.MicroBatch;
import moodstream.trainer.TinyModels;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real photos and faces, mixed with broken records, through a real broker with exactly-once
 * on: every input comes out exactly once, as a label or a dead letter, every label is what the
 * predict path gives for the same bytes, and it carries the input's headers and timestamp.
 * Once one image at a time, once in micro-batches of 8 (issue 11).
 */
class ExactlyOnceLabelingIT {
    /** The input timestamp of the i-th record: far from now, so a label stamped with its own time would show. */
    private static final long FIRST_TIMESTAMP = 1_700_000_000_000L;

    @ParameterizedTest(name = "batch size {0}")
    @ValueSource(ints = {1, 8})
    void everyImageComesOutExactlyOnceWithThePredictLabel(int batchSize, @TempDir Path dir) throws Exception {
        Path web = SharedDatasets.require("web-happy-sad");
        Path fer = SharedDatasets.require("fer2013-happy-sad");
        Path model = TinyModels.write(dir.resolve("model.onnx"),
                TinyModels.card(PreprocessingSpec.of(48, 48, 1), List.of("happy", "sad")));

        Map<String, byte[]> inputs = new LinkedHashMap<>();
        for (Path file : sample(web.resolve("happy"), 15)) {
            inputs.put("web/" + file.getFileName(), Files.readAllBytes(file));
        }
        for (Path file : sample(web.resolve("sad"), 15)) {
            inputs.put("web/" + file.getFileName(), Files.readAllBytes(file));
        }
        for (Path file : sample(fer.resolve("test/happy"), 30)) {
            inputs.put("fer/" + file.getFileName(), Files.readAllBytes(file));
        }
        for (Path file : sample(fer.resolve("test/sad"), 30)) {
            inputs.put("fer-sad/" + file.getFileName(), Files.readAllBytes(file));
        }
        Map<String, String> brokenCodes = new LinkedHashMap<>();
        brokenCodes.put("broken/empty", "EMPTY");
        brokenCodes.put("broken/text", "NOT_AN_IMAGE");
        brokenCodes.put("broken/webp", "UNSUPPORTED_FORMAT");
        brokenCodes.put("broken/truncated", "CORRUPT");
        brokenCodes.put("broken/bomb", "TOO_MANY_PIXELS");
        inputs.put("broken/empty", new byte[0]);
        inputs.put("broken/text", "{\"not\":\"an image\"}".getBytes(StandardCharsets.UTF_8));
        inputs.put("broken/webp", "RIFF\0\0\0\0WEBPVP8 0000000000".getBytes(StandardCharsets.US_ASCII));
        inputs.put("broken/truncated", TestImages.truncated(TestImages.jpeg(TestImages.noise(80, 80, 9)), 0.4));
        inputs.put("broken/bomb", TestImages.pngHeaderOnly(20_000, 20_000));

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             StreamerApp app = StreamerApp.start(KafkaTestClients.config(broker.bootstrapServers(), "eos-it", model, 2).toBuilder()
                     .batching(new MicroBatch(batchSize, Duration.ofMillis(50))).build());
             KafkaProducer<String, byte[]> producer = KafkaTestClients.producer(broker.bootstrapServers());
             ImageClassifier predict = new ImageClassifier(OnnxModel.load(model, InferenceOptions.CPU), ImageLimits.DEFAULT)) {
            List<String> keys = List.copyOf(inputs.keySet());
            for (int i = 0; i < keys.size(); i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("traceparent", traceparent(i).getBytes(StandardCharsets.UTF_8));
                headers.add("ce_id", keys.get(i).getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>("images", null, FIRST_TIMESTAMP + i, keys.get(i), inputs.get(keys.get(i)), headers)).get();
            }
            List<ConsumerRecord<String, byte[]>> out = KafkaTestClients.readCommitted(broker.bootstrapServers(),
                    List.of("labels", "images.dlq"), inputs.size(), Duration.ofSeconds(120), Duration.ofSeconds(3));

            // Exactly once: each key once, no more, no less, across both topics.
            Map<String, Long> counts = out.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
            assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(inputs.keySet());
            assertThat(counts.values()).allMatch(n -> n == 1);

            ObjectMapper mapper = new ObjectMapper();
            Map<String, String> deadCodes = new HashMap<>();
            int labelled = 0;
            for (ConsumerRecord<String, byte[]> record : out) {
                if (record.topic().equals("images.dlq")) {
                    deadCodes.put(record.key(), DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.ERROR_CODE));
                    assertThat(record.value()).isEqualTo(inputs.get(record.key()));
                    continue;
                }
                int index = keys.indexOf(record.key());
                assertThat(record.timestamp()).as("the input's timestamp, kept").isEqualTo(FIRST_TIMESTAMP + index);
                assertThat(new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                        .isEqualTo(traceparent(index));
                assertThat(new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8)).isEqualTo(record.key());
                JsonNode label = mapper.readTree(record.value());
                String expected;
                try {
                    expected = predict.classify(inputs.get(record.key())).label();
                } catch (InvalidImageException e) {
                    throw new AssertionError(record.key() + " was labelled but predict refuses it: " + e.getMessage());
                }
                assertThat(label.get("label").asText()).as(record.key()).isEqualTo(expected);
                labelled++;
            }
            assertThat(deadCodes).containsAllEntriesOf(brokenCodes);
            // Real photos: any dead letter beyond the broken ones must be a file predict refuses too.
            for (String key : deadCodes.keySet()) {
                if (!brokenCodes.containsKey(key)) {
                    byte[] bytes = inputs.get(key);
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> predict.classify(bytes)).as(key)
                            .isInstanceOf(InvalidImageException.class);
                }
            }
            assertThat(labelled).isGreaterThanOrEqualTo(85);
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);

            // The window statistics, on the same broker and exactly once too: an image ten minutes on closes the
            // window that holds every input (their timestamps are milliseconds apart), and it counts each input once.
            producer.send(new ProducerRecord<>("images", null, FIRST_TIMESTAMP + 600_000, "clock", inputs.values().iterator().next())).get();
            List<ConsumerRecord<String, byte[]>> windows = KafkaTestClients.readCommitted(broker.bootstrapServers(), List.of("labels.stats"),
                    1, Duration.ofSeconds(60), Duration.ofSeconds(2));
            assertThat(windows).hasSize(1);
            JsonNode window = mapper.readTree(windows.get(0).value());
            assertThat(window.get("images").asLong()).isEqualTo(inputs.size());
            Map<String, Long> labelsByName = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : out) {
                if (record.topic().equals("labels")) {
                    labelsByName.merge(mapper.readTree(record.value()).get("label").asText(), 1L, Long::sum);
                }
            }
            labelsByName.forEach((name, n) -> assertThat(window.at("/labels/" + name + "/count").asLong()).as(name).isEqualTo(n));
            Map<String, Long> deadByCode = deadCodes.values().stream().collect(Collectors.groupingBy(c -> c, Collectors.counting()));
            deadByCode.forEach((code, n) -> assertThat(window.at("/dead_letters/" + code).asLong()).as(code).isEqualTo(n));
            assertThat(window.at("/models/0/sha256").asText()).isEqualTo(predict.model().sha256());
            assertThat(window.at("/models/0/labels").asLong()).isEqualTo(labelled);

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body().strip()).isEqualTo("RUNNING");
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("moodstream_records_in_total " + (double) (inputs.size() + 1)) // and the clock image
                    .contains("moodstream_records_dead_lettered_total{code=\"CORRUPT\"}")
                    .contains("moodstream_inference_seconds_bucket")
                    .contains("moodstream_end_to_end_seconds_bucket")
                    .contains("kafka_stream");
            // Every series the Grafana dashboard (docker-compose's monitoring profile) asks for is one the streamer serves.
            Path dashboard = Path.of("..", "ops", "grafana", "dashboards", "moodstream.json");
            java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\b((?:moodstream|kafka)_[a-z_]+?)(?:_bucket|_total|_count|_sum)?\\b")
                    .matcher(Files.readString(dashboard));
            int queried = 0;
            while (names.find()) {
                queried++;
                assertThat(metrics).as("the dashboard's %s", names.group(1)).contains(names.group(1));
            }
            assertThat(queried).as("series queried by %s", dashboard).isGreaterThan(5);
        }
    }

    /** A W3C trace context header, distinct per record. */
    private static String traceparent(int i) {
        return String.format("00-%032x-%016x-01", i + 1, i + 1);
    }

    private static List<Path> sample(Path folder, int count) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().limit(count).toList();
        }
    }
}
