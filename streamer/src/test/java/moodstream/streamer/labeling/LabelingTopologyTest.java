package moodstream.streamer.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.inference.Classification;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.inference.InferenceOptions;
import moodstream.core.inference.OnnxModel;
import moodstream.core.testing.TestImages;
import moodstream.trainer.TinyModels;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelingTopologyTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    /** Small limits so the size checks are cheap to provoke. */
    private static final ImageLimits LIMITS = new ImageLimits(200_000, 4_000_000);
    /** A dead-letter topic that takes 100 kB: images between that and the byte limit lose their value there. */
    private static final OutputLimits OUTPUT = new OutputLimits(1_048_576, 100_000);
    /** No pause between inference retries: the tests need not wait. */
    private static final LabelerSettings SETTINGS = new LabelerSettings(OUTPUT, 3, java.time.Duration.ZERO, MicroBatch.OFF);

    @TempDir
    static Path dir;
    static ImageClassifier classifier;

    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> images;
    TestOutputTopic<String, byte[]> labels;
    TestOutputTopic<String, byte[]> deadLetters;
    TestInputTopic<byte[], byte[]> rawImages;
    TestOutputTopic<byte[], byte[]> rawLabels;
    TestOutputTopic<byte[], byte[]> rawDeadLetters;
    SimpleMeterRegistry registry;

    @BeforeAll
    static void model() throws Exception {
        Path file = TinyModels.write(dir.resolve("model.onnx"),
                TinyModels.card(PreprocessingSpec.of(24, 24, 1), List.of("happy", "sad")));
        classifier = new ImageClassifier(OnnxModel.load(file, InferenceOptions.CPU), LIMITS);
    }

    @AfterAll
    static void closeModel() {
        classifier.close();
    }

    @BeforeEach
    void start() {
        registry = new SimpleMeterRegistry();
        LabelingMetrics metrics = new LabelingMetrics(registry);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "labeling-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(LabelingTopology.build(Topics.DEFAULT, () -> new ImageLabeler(classifier, metrics, clock, SETTINGS)), props);
        images = driver.createInputTopic("images", new StringSerializer(), new ByteArraySerializer());
        labels = driver.createOutputTopic("labels", new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic("images.dlq", new StringDeserializer(), new ByteArrayDeserializer());
        rawImages = driver.createInputTopic("images", new ByteArraySerializer(), new ByteArraySerializer());
        rawLabels = driver.createOutputTopic("labels", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        rawDeadLetters = driver.createOutputTopic("images.dlq", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static JsonNode json(byte[] value) throws Exception {
        return new ObjectMapper().readTree(value);
    }

    @Test
    void labelsAnImageWithTheClassifiersAnswerAndEveryField() throws Exception {
        byte[] png = TestImages.png(TestImages.noise(60, 40, 7));
        images.pipeInput("photo-1", png);

        TestRecord<String, byte[]> out = labels.readRecord();
        assertThat(out.key()).isEqualTo("photo-1");
        JsonNode label = json(out.value());
        Classification direct = classifier.classify(png);
        assertThat(label.get("id").asText()).isEqualTo("photo-1");
        assertThat(label.get("id_encoding").asText()).isEqualTo("utf8");
        assertThat(label.get("label").asText()).isEqualTo(direct.label());
        assertThat(label.get("score").asDouble()).isEqualTo(direct.score());
        assertThat(label.at("/scores/happy").asDouble() + label.at("/scores/sad").asDouble()).isCloseTo(1.0,
                org.assertj.core.api.Assertions.within(1e-5));
        assertThat(label.at("/model/sha256").asText()).isEqualTo(classifier.model().sha256());
        assertThat(label.at("/model/name").asText()).isEqualTo("test-model");
        assertThat(label.at("/image/format").asText()).isEqualTo("png");
        assertThat(label.at("/image/width").asInt()).isEqualTo(60);
        assertThat(label.at("/image/height").asInt()).isEqualTo(40);
        assertThat(label.at("/image/bytes").asLong()).isEqualTo(png.length);
        assertThat(label.at("/timings_ms/decode").asDouble()).isPositive();
        assertThat(label.at("/timings_ms/inference").asDouble()).isPositive();
        assertThat(label.at("/source/topic").asText()).isEqualTo("images");
        assertThat(label.at("/source/partition").asInt()).isZero();
        assertThat(label.at("/source/offset").asLong()).isZero();
        assertThat(label.get("processed_at").asText()).isEqualTo("2026-11-24T12:00:00Z");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(registry.get("moodstream.records.labelled").tag("label", direct.label()).counter().count()).isEqualTo(1);
    }

    @Test
    void theOutputMatchesItsPublishedJsonSchema() throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("..", "docs", "label-message.schema.json")));
        images.pipeInput("a", TestImages.jpeg(TestImages.noise(50, 50, 1)));
        images.pipeInput((String) null, TestImages.png(TestImages.noise(30, 30, 2)));
        rawImages.pipeInput(new byte[] {(byte) 0xff, 0x00, (byte) 0xc3}, TestImages.png(TestImages.noise(30, 30, 3)));
        List<TestRecord<byte[], byte[]>> out = rawLabels.readRecordsToList();
        assertThat(out).hasSize(3);
        for (TestRecord<byte[], byte[]> record : out) {
            Set<ValidationMessage> errors = schema.validate(json(record.value()));
            assertThat(errors).as(new String(record.value(), StandardCharsets.UTF_8)).isEmpty();
            // ...and the labels tool reads it back, with its schema-strict reader, to the same key bytes.
            LabelMessage message = LabelJson.read(record.value());
            assertThat(message.id() == null ? null : new KeyText(message.id(), message.idEncoding()).bytes()).isEqualTo(record.key());
        }
        // The schema is strict enough to catch a broken message.
        JsonNode broken = new ObjectMapper().readTree("{\"id\":\"a\",\"label\":\"happy\",\"score\":1.5}");
        assertThat(schema.validate(broken)).isNotEmpty();
        ObjectNode noEncoding = (ObjectNode) json(out.get(0).value());
        noEncoding.putNull("id_encoding");
        assertThat(schema.validate(noEncoding)).as("an id without its encoding").isNotEmpty();
    }

    private void assertDeadLettered(byte[] value, String code) {
        RecordHeaders original = new RecordHeaders();
        original.add("content-type", "image/jpeg".getBytes(StandardCharsets.UTF_8));
        original.add("source", "camera-7".getBytes(StandardCharsets.UTF_8));
        images.pipeInput(new TestRecord<>("bad-1", value, original, NOW));

        assertThat(labels.isEmpty()).isTrue();
        TestRecord<String, byte[]> dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo("bad-1");
        assertThat(dead.value()).isEqualTo(value);
        var h = dead.headers();
        assertThat(DeadLetterHeaders.read(h, DeadLetterHeaders.ERROR_CODE)).isEqualTo(code);
        assertThat(DeadLetterHeaders.read(h, DeadLetterHeaders.ERROR_MESSAGE)).isNotBlank();
        assertThat(DeadLetterHeaders.read(h, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("images");
        assertThat(DeadLetterHeaders.read(h, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(DeadLetterHeaders.read(h, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(DeadLetterHeaders.read(h, DeadLetterHeaders.FAILED_AT)).isEqualTo("2026-11-24T12:00:00Z");
        assertThat(DeadLetterHeaders.read(h, "content-type")).isEqualTo("image/jpeg");
        assertThat(DeadLetterHeaders.read(h, "source")).isEqualTo("camera-7");
        assertThat(registry.get("moodstream.records.dead_lettered").tag("code", code).counter().count()).isEqualTo(1);
    }

    @Test
    void emptyValue() {
        assertDeadLettered(new byte[0], "EMPTY");
    }

    @Test
    void notAnImage() {
        assertDeadLettered("{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8), "NOT_AN_IMAGE");
    }

    @Test
    void unsupportedFormat() {
        assertDeadLettered("RIFF\0\0\0\0WEBPVP8 0000000000".getBytes(StandardCharsets.US_ASCII), "UNSUPPORTED_FORMAT");
    }

    @Test
    void corruptImage() {
        assertDeadLettered(TestImages.truncated(TestImages.jpeg(TestImages.noise(64, 64, 3)), 0.5), "CORRUPT");
    }

    @Test
    void overThePixelLimit() {
        assertDeadLettered(TestImages.pngHeaderOnly(5000, 5000), "TOO_MANY_PIXELS");
    }

    @Test
    void aFailingRuntimeStopsTheStreamInsteadOfDeadLetteringEveryImage() throws Exception {
        // A real failure inside inference, no mock: the ONNX session is closed under the labeler,
        // so the reference image fails too and the failure is the runtime's, not the image's.
        Path file = dir.resolve("model.onnx");
        ImageClassifier broken = new ImageClassifier(OnnxModel.load(file, InferenceOptions.CPU), LIMITS);
        broken.close();
        LabelingMetrics metrics = new LabelingMetrics(registry);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "labeling-test-broken");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver brokenDriver = new TopologyTestDriver(LabelingTopology.build(Topics.DEFAULT,
                () -> new ImageLabeler(broken, metrics, Clock.fixed(NOW, ZoneOffset.UTC), SETTINGS)), props)) {
            TestInputTopic<String, byte[]> in = brokenDriver.createInputTopic("images", new StringSerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> dead = brokenDriver.createOutputTopic("images.dlq", new StringDeserializer(),
                    new ByteArrayDeserializer());
            byte[] png = TestImages.png(TestImages.noise(30, 30, 8));
            assertThatThrownBy(() -> in.pipeInput("a", png))
                    .hasRootCauseInstanceOf(IllegalStateException.class)
                    .satisfies(e -> assertThat(causes(e)).anyMatch(c -> c instanceof ModelRuntimeException
                            && c.getMessage().contains("failed 3 times in a row") && c.getMessage().contains("this instance stops")));
            assertThat(dead.isEmpty()).as("nothing dead-lettered: the image is not at fault").isTrue();
        }
    }

    @Test
    void aFaceCroppingModelsLabelSaysWhichFaceItSawAndMatchesTheSchema() throws Exception {
        Path file = TinyModels.write(dir.resolve("face-model.onnx"), TinyModels.card(FACE_SPEC, List.of("happy", "sad")));
        JsonSchema schema = labelSchema();
        Properties props = driverProperties("labeling-test-faces");
        try (ImageClassifier faces = new ImageClassifier(OnnxModel.load(file, InferenceOptions.CPU), ImageLimits.DEFAULT);
             TopologyTestDriver faceDriver = new TopologyTestDriver(LabelingTopology.build(Topics.DEFAULT,
                     () -> new ImageLabeler(faces, new LabelingMetrics(registry), Clock.fixed(NOW, ZoneOffset.UTC), SETTINGS)), props)) {
            TestInputTopic<String, byte[]> in = faceDriver.createInputTopic("images", new StringSerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> out = faceDriver.createOutputTopic("labels", new StringDeserializer(),
                    new ByteArrayDeserializer());
            in.pipeInput("face", TestImages.png(moodstream.core.face.DrawnFaces.face(640, 480, 380, 120, 160, 0)));
            in.pipeInput("no-face", TestImages.png(TestImages.noise(64, 64, 3)));
            JsonNode withFace = json(out.readRecord().value());
            JsonNode without = json(out.readRecord().value());
            assertThat(withFace.at("/face/width").asInt()).isPositive();
            assertThat(withFace.at("/face/x").asInt() + withFace.at("/face/width").asInt()).isLessThanOrEqualTo(640);
            assertThat(without.get("face").isNull()).isTrue();
            assertThat(withFace.get("path").asText()).isEqualTo("face");
            assertThat(without.get("path").asText()).isEqualTo("whole-image");
            assertThat(schema.validate(withFace)).isEmpty();
            assertThat(schema.validate(without)).isEmpty();
        }
    }

    @Test
    void aBundleLabelsImagesWithoutAFaceWithItsFallbackModel() throws Exception {
        Path face = TinyModels.write(dir.resolve("bundle-face.onnx"), TinyModels.card(FACE_SPEC, List.of("happy", "sad")));
        Path whole = TinyModels.write(dir.resolve("bundle-whole.onnx"), TinyModels.card(PreprocessingSpec.of(32, 24, 3),
                List.of("happy", "sad")));
        Path bundle = dir.resolve("bundle");
        assertThat(moodstream.trainer.TrainerCli.run(new java.io.PrintWriter(System.err, true), "bundle", "--face", face.toString(),
                "--fallback", whole.toString(), "--out", bundle.toString())).isZero();
        JsonSchema schema = labelSchema();
        Properties props = driverProperties("labeling-test-bundle");
        byte[] scene = TestImages.png(TestImages.noise(64, 64, 3));
        try (ImageClassifier pair = ImageClassifier.open(bundle.resolve("model.onnx"), InferenceOptions.CPU, ImageLimits.DEFAULT,
                     java.util.Optional.empty());
             ImageClassifier fallbackAlone = ImageClassifier.open(whole, InferenceOptions.CPU, ImageLimits.DEFAULT,
                     java.util.Optional.empty());
             TopologyTestDriver bundleDriver = new TopologyTestDriver(LabelingTopology.build(Topics.DEFAULT,
                     () -> new ImageLabeler(pair, new LabelingMetrics(registry), Clock.fixed(NOW, ZoneOffset.UTC), SETTINGS)), props)) {
            TestInputTopic<String, byte[]> in = bundleDriver.createInputTopic("images", new StringSerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> out = bundleDriver.createOutputTopic("labels", new StringDeserializer(),
                    new ByteArrayDeserializer());
            in.pipeInput("face", TestImages.png(moodstream.core.face.DrawnFaces.face(640, 480, 380, 120, 160, 0)));
            in.pipeInput("scene", scene);
            JsonNode withFace = json(out.readRecord().value());
            JsonNode without = json(out.readRecord().value());
            assertThat(withFace.get("path").asText()).isEqualTo("face");
            assertThat(without.get("path").asText()).isEqualTo("fallback");
            assertThat(without.get("face").isNull()).isTrue();
            assertThat(without.at("/scores/sad").asDouble()).as("the fallback model's own score")
                    .isEqualTo(fallbackAlone.classify(scene).scores().get("sad"));
            assertThat(without.at("/model/sha256").asText()).as("the bundle is named by its model.onnx")
                    .isEqualTo(pair.model().sha256());
            assertThat(schema.validate(withFace)).isEmpty();
            assertThat(schema.validate(without)).isEmpty();
        }

        // Bundled with --blend-faces, a colour photo with a face is labelled by both networks.
        Path blendedBundle = dir.resolve("blended");
        assertThat(moodstream.trainer.TrainerCli.run(new java.io.PrintWriter(System.err, true), "bundle", "--face", face.toString(),
                "--fallback", whole.toString(), "--out", blendedBundle.toString(), "--blend-faces")).isZero();
        byte[] photo = TestImages.jpeg(moodstream.core.face.DrawnFaces.inColour(moodstream.core.face.DrawnFaces.face(640, 480, 380, 120,
                160, 0)));
        try (ImageClassifier pair = ImageClassifier.open(blendedBundle.resolve("model.onnx"), InferenceOptions.CPU, ImageLimits.DEFAULT,
                     java.util.Optional.empty());
             TopologyTestDriver blendDriver = new TopologyTestDriver(LabelingTopology.build(Topics.DEFAULT,
                     () -> new ImageLabeler(pair, new LabelingMetrics(registry), Clock.fixed(NOW, ZoneOffset.UTC), SETTINGS)),
                     driverProperties("labeling-test-blend"))) {
            blendDriver.createInputTopic("images", new StringSerializer(), new ByteArraySerializer()).pipeInput("photo", photo);
            JsonNode blended = json(blendDriver.createOutputTopic("labels", new StringDeserializer(), new ByteArrayDeserializer())
                    .readRecord().value());
            assertThat(blended.get("path").asText()).isEqualTo("face+fallback");
            assertThat(blended.get("face").get("width").asInt()).isPositive();
            assertThat(blended.at("/scores/sad").asDouble()).isEqualTo(pair.classify(photo).scores().get("sad"));
            assertThat(schema.validate(blended)).isEmpty();
        }
    }

    /** A face model's preprocessing at the test size, with whole images for faceless ones. */
    private static final PreprocessingSpec FACE_SPEC = PreprocessingSpec.of(24, 24, 1).withFaceCrop(new moodstream.core.face.FaceCropSpec(
            moodstream.core.face.FaceCropSpec.DETECTOR_OPENCV_CASCADE, moodstream.core.face.FaceDetectorSettings.DEFAULT, 0.2,
            1.0, moodstream.core.face.FaceCropSpec.NO_FACE_WHOLE_IMAGE));

    private static JsonSchema labelSchema() throws IOException {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("..", "docs", "label-message.schema.json")));
    }

    private static Properties driverProperties(String applicationId) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return props;
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> all = new java.util.ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.add(t);
        }
        return all;
    }

    @Test
    void aKeyThatIsNotUtf8KeepsItsBytesOnTheDeadLetterAndTravelsAsBase64InTheLabel() throws Exception {
        byte[] key = {(byte) 0xff, 0x00, (byte) 0xc3, 0x28, 0x4b, 0x65, 0x79};
        rawImages.pipeInput(key, "not an image".getBytes(StandardCharsets.UTF_8));
        rawImages.pipeInput(key, TestImages.png(TestImages.noise(30, 30, 9)));
        assertThat(rawDeadLetters.readRecord().key()).isEqualTo(key);
        TestRecord<byte[], byte[]> label = rawLabels.readRecord();
        assertThat(label.key()).isEqualTo(key);
        JsonNode json = json(label.value());
        assertThat(json.get("id").asText()).isEqualTo(java.util.Base64.getEncoder().encodeToString(key));
        assertThat(json.get("id_encoding").asText()).isEqualTo("base64");
        rawImages.pipeInput(new byte[0], TestImages.png(TestImages.noise(30, 30, 9)));
        JsonNode empty = json(rawLabels.readRecord().value());
        assertThat(empty.get("id").asText()).isEmpty();
        assertThat(empty.get("id_encoding").asText()).isEqualTo("utf8");
    }

    @Test
    void aDeadLetterTooLargeForItsTopicIsWrittenWithoutTheValueAndSaysSo() {
        byte[] big = TestImages.png(TestImages.noise(400, 400, 4)); // over the byte limit and the dead-letter topic's size
        assertThat(big.length).isGreaterThan((int) LIMITS.maxBytes());
        images.pipeInput("big", big);
        TestRecord<String, byte[]> dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo("big");
        assertThat(dead.value()).isNull();
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ERROR_CODE)).isEqualTo("TOO_MANY_BYTES");
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_BYTES)).isEqualTo(Integer.toString(big.length));
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_SHA256)).isEqualTo(moodstream.core.Sha256.hex(big));
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.VALUE_OMITTED)).contains("100,000");
        int written = OutputLimits.recordBytes(dead.key().getBytes(StandardCharsets.UTF_8), null, dead.headers().toArray());
        assertThat(written).isLessThanOrEqualTo(OUTPUT.deadLetterRecordMax());

        // Under the byte limit but over the dead-letter topic's: a corrupt one loses its value there too.
        byte[] corrupt = TestImages.truncated(TestImages.png(TestImages.noise(300, 300, 5)), 0.6);
        assertThat(corrupt.length).isBetween(100_001, 199_999);
        images.pipeInput("corrupt", corrupt);
        TestRecord<String, byte[]> deadCorrupt = deadLetters.readRecord();
        assertThat(DeadLetterHeaders.read(deadCorrupt.headers(), DeadLetterHeaders.ERROR_CODE)).isEqualTo("CORRUPT");
        assertThat(deadCorrupt.value()).isNull();

        // One that fits keeps its value byte for byte, and no omission headers.
        byte[] small = TestImages.truncated(TestImages.png(TestImages.noise(100, 100, 6)), 0.6);
        images.pipeInput("small", small);
        TestRecord<String, byte[]> deadSmall = deadLetters.readRecord();
        assertThat(deadSmall.value()).isEqualTo(small);
        assertThat(DeadLetterHeaders.read(deadSmall.headers(), DeadLetterHeaders.VALUE_OMITTED)).isNull();
    }

    @Test
    void aKeyTooLargeToWriteIsDeadLetteredWithoutKeyAndHeadersAndTheStreamGoesOn() {
        String hugeKey = "k".repeat(OutputLimits.KEY_AND_HEADERS_MAX + 1);
        images.pipeInput(hugeKey, TestImages.png(TestImages.noise(30, 30, 7)));
        images.pipeInput("next", TestImages.png(TestImages.noise(30, 30, 7)));
        TestRecord<String, byte[]> dead = deadLetters.readRecord();
        assertThat(dead.key()).isNull();
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ERROR_CODE)).isEqualTo(DeadLetterHeaders.KEY_TOO_LARGE);
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.KEY_OMITTED)).contains("65,537 bytes");
        assertThat(dead.value()).isNotNull(); // the image itself fits
        assertThat(labels.readRecord().key()).isEqualTo("next");
    }

    @Test
    void aPoisonPillDoesNotStopTheRecordsBehindIt() throws Exception {
        images.pipeInput("bad", "garbage".getBytes(StandardCharsets.UTF_8));
        images.pipeInput("good", TestImages.png(TestImages.noise(30, 30, 5)));
        images.pipeInput((String) null, (byte[]) null);
        images.pipeInput("good-2", TestImages.jpeg(TestImages.noise(30, 30, 6)));
        assertThat(labels.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("good", "good-2");
        List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(TestRecord::key).containsExactly("bad", null);
        assertThat(DeadLetterHeaders.read(dead.get(1).headers(), DeadLetterHeaders.ERROR_CODE)).isEqualTo("EMPTY");
        assertThat(DeadLetterHeaders.read(dead.get(1).headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("2");
    }
}
