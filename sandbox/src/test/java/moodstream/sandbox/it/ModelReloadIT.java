package moodstream.sandbox.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.testing.TestImages;
import moodstream.sandbox.broker.EmbeddedKafkaBroker;
import moodstream.streamer.StreamerApp;
import moodstream.trainer.TinyModels;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: a new model without a restart, on a real broker. The model file is replaced under a
 * running streamer: its watcher loads and swaps it, labels made after name the new model, labels
 * before name the old one, and a broken file or one with other labels is refused while the
 * serving model goes on. Every image is labelled exactly once across it all.
 */
class ModelReloadIT {
    private static final PreprocessingSpec SPEC = PreprocessingSpec.of(48, 48, 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aReplacedModelFileServesTheNextLabelsAndABadOneChangesNothing(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model.onnx");
        TinyModels.write(model, TinyModels.card(SPEC, List.of("happy", "sad"), "v1"));
        HttpClient http = HttpClient.newHttpClient();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             StreamerApp app = StreamerApp.start(KafkaTestClients.config(broker.bootstrapServers(), "reload-it", model, 2).toBuilder()
                     .modelWatch(Optional.of(Duration.ofMillis(200))).build());
             KafkaProducer<String, byte[]> producer = KafkaTestClients.producer(broker.bootstrapServers())) {
            String base = "http://127.0.0.1:" + app.httpPort();
            Map<String, byte[]> all = new LinkedHashMap<>();
            Map<String, String> versionByKey = new LinkedHashMap<>();

            send(producer, "before", all);
            Map<String, String> first = versions(broker, all.size());
            assertThat(first.values()).as("labels before the swap").containsOnly("v1");

            replace(model, dir.resolve("v2.onnx"), TinyModels.card(SPEC, List.of("happy", "sad"), "v2"));
            awaitServing(http, base, "v2", Duration.ofSeconds(20));
            HttpResponse<String> again = post(http, base + "/model/reload");
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(again.body()).get("outcome").asText()).as("the watcher already loaded it").isEqualTo("unchanged");
            send(producer, "after", all);

            Files.writeString(dir.resolve("broken.tmp"), "not a model");
            Files.move(dir.resolve("broken.tmp"), model, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            HttpResponse<String> broken = post(http, base + "/model/reload");
            assertThat(broken.statusCode()).isEqualTo(409);
            assertThat(JSON.readTree(broken.body()).at("/model/version").asText()).isEqualTo("v2");
            assertThat(JSON.readTree(broken.body()).get("reason").asText()).isNotBlank();

            replace(model, dir.resolve("three.onnx"), TinyModels.card(SPEC, List.of("angry", "happy", "sad"), "v3"));
            HttpResponse<String> otherLabels = post(http, base + "/model/reload");
            assertThat(otherLabels.statusCode()).isEqualTo(409);
            assertThat(JSON.readTree(otherLabels.body()).get("reason").asText()).contains("labels");
            send(producer, "refused", all);

            Map<String, String> versions = versions(broker, all.size());
            assertThat(versions.keySet()).containsExactlyInAnyOrderElementsOf(all.keySet());
            versions.forEach((key, version) -> assertThat(version).as(key).isEqualTo(key.startsWith("before") ? "v1" : "v2"));
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);

            String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).containsPattern("moodstream_model_info\\{[^}]*version=\"v2\"[^}]*} 1(\\.0)?\n")
                    .doesNotContainPattern("moodstream_model_info\\{[^}]*version=\"v1\"")
                    .containsPattern("moodstream_model_reloads_total\\{outcome=\"reloaded\"} 1\\.0")
                    .containsPattern("moodstream_model_reloads_total\\{outcome=\"refused\"} [2-9]");
        }
    }

    /** Writes a model elsewhere, then moves it over the served file in one step, as a deployment should. */
    private static void replace(Path model, Path staging, moodstream.core.card.ModelCard card) throws Exception {
        TinyModels.write(staging, card);
        Files.move(staging, model, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void send(KafkaProducer<String, byte[]> producer, String phase, Map<String, byte[]> all) throws Exception {
        Map<String, byte[]> batch = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            batch.put(phase + "-" + i, TestImages.png(TestImages.noise(50, 50, phase.hashCode() + i)));
        }
        KafkaTestClients.send(producer, "images", batch);
        all.putAll(batch);
    }

    /** Every label so far (read_committed, each key at most once or the test fails): the model version it names. */
    private static Map<String, String> versions(EmbeddedKafkaBroker broker, int expected) throws Exception {
        List<ConsumerRecord<String, byte[]>> out = KafkaTestClients.readCommitted(broker.bootstrapServers(), List.of("labels", "images.dlq"),
                expected, Duration.ofSeconds(60), Duration.ofSeconds(2));
        Map<String, Long> counts = out.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertThat(counts.values()).as("each image labelled exactly once").allMatch(n -> n == 1);
        Map<String, String> versions = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : out) {
            assertThat(r.topic()).as(r.key()).isEqualTo("labels");
            JsonNode label = JSON.readTree(r.value());
            versions.put(r.key(), label.at("/model/version").asText());
        }
        return versions;
    }

    private static void awaitServing(HttpClient http, String base, String version, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String body = http.send(HttpRequest.newBuilder(URI.create(base + "/model")).build(), HttpResponse.BodyHandlers.ofString()).body();
            String serving = JSON.readTree(body).at("/model/version").asText();
            if (serving.equals(version)) {
                return;
            }
            seen.add(serving);
            Thread.sleep(100);
        }
        throw new AssertionError("the streamer did not serve " + version + " within " + timeout + "; it served " + seen.get(seen.size() - 1));
    }

    private static HttpResponse<String> post(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
