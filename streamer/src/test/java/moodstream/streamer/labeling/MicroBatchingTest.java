package moodstream.streamer.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import moodstream.core.image.ImageLimits;
import moodstream.core.inference.Classification;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.testing.TestImages;
import moodstream.trainer.TinyModels;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Micro-batching: what is held, when it is labelled, and that a batch labels exactly as one image at a time does. */
class MicroBatchingTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final ImageLimits LIMITS = new ImageLimits(200_000, 4_000_000);
    private static final OutputLimits OUTPUT = new OutputLimits(1_048_576, 100_000);
    private static final MicroBatch FOUR = new MicroBatch(4, Duration.ofMillis(200));

    @TempDir
    static Path dir;
    static ImageClassifier classifier;

    @BeforeAll
    static void model() throws Exception {
        classifier = TinyModels.classifier(dir.resolve("model.onnx"), LIMITS);
    }

    @AfterAll
    static void closeModel() {
        classifier.close();
    }

    private static TopologyTestDriver driver(MicroBatch batching) {
        LabelerSettings settings = new LabelerSettings(OUTPUT, 3, Duration.ZERO, batching);
        LabelingMetrics metrics = new LabelingMetrics(new SimpleMeterRegistry());
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "batching-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new TopologyTestDriver(LabelingTopology.build(Topics.DEFAULT, () -> new ImageLabeler(classifier, metrics, clock, settings)),
                props, NOW);
    }

    private static byte[] image(int i) {
        return TestImages.png(TestImages.noise(40 + i, 30, 100 + i));
    }

    private static JsonNode json(byte[] value) throws Exception {
        return new ObjectMapper().readTree(value);
    }

    @Test
    void aFullBatchIsLabelledInInputOrderWithKeysHeadersAndTimestampsKept() throws Exception {
        try (TopologyTestDriver driver = driver(FOUR)) {
            TestInputTopic<String, byte[]> images = driver.createInputTopic("images", new StringSerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> labels = driver.createOutputTopic("labels", new StringDeserializer(), new ByteArrayDeserializer());
            KeyValueStore<Long, PendingImage> held = driver.getKeyValueStore(ImageLabeler.BATCH_STORE);
            for (int i = 0; i < 3; i++) {
                RecordHeaders headers = new RecordHeaders(new Header[] {new RecordHeader("traceparent", ("t-" + i).getBytes(StandardCharsets.UTF_8))});
                images.pipeInput(new TestRecord<>("img-" + i, image(i), headers, NOW.plusMillis(i)));
            }
            assertThat(labels.isEmpty()).as("three of four: held").isTrue();
            assertThat(held.approximateNumEntries()).isEqualTo(3);

            images.pipeInput(new TestRecord<>("img-3", image(3), new RecordHeaders(), NOW.plusMillis(3)));
            List<TestRecord<String, byte[]>> out = labels.readRecordsToList();
            assertThat(out).extracting(TestRecord::key).containsExactly("img-0", "img-1", "img-2", "img-3");
            for (int i = 0; i < 4; i++) {
                JsonNode label = json(out.get(i).value());
                Classification alone = classifier.classify(image(i));
                assertThat(label.get("label").asText()).isEqualTo(alone.label());
                assertThat(label.get("score").asDouble()).isCloseTo(alone.score(), within(1e-5));
                assertThat(label.at("/source/offset").asLong()).isEqualTo(i);
                assertThat(out.get(i).timestamp()).isEqualTo(NOW.toEpochMilli() + i);
                assertThat(label.at("/timings_ms/decode").asDouble()).isPositive();
            }
            assertThat(new String(out.get(1).headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8)).isEqualTo("t-1");
            assertThat(held.approximateNumEntries()).as("emptied once labelled").isZero();
        }
    }

    @Test
    void aPartBatchIsLabelledOnceItsOldestImageHasWaitedMaxWait() {
        try (TopologyTestDriver driver = driver(FOUR)) {
            TestInputTopic<String, byte[]> images = driver.createInputTopic("images", new StringSerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> labels = driver.createOutputTopic("labels", new StringDeserializer(), new ByteArrayDeserializer());
            images.pipeInput("a", image(0));
            driver.advanceWallClockTime(Duration.ofMillis(100));
            images.pipeInput("b", image(1));
            driver.advanceWallClockTime(Duration.ofMillis(50));
            assertThat(labels.isEmpty()).as("150 ms: under the 200 ms wait").isTrue();
            driver.advanceWallClockTime(Duration.ofMillis(100));
            assertThat(labels.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("a", "b");
        }
    }

    @Test
    void badImagesAreDeadLetteredAtOnceAndDoNotTakeABatchSlot() throws Exception {
        try (TopologyTestDriver driver = driver(FOUR)) {
            TestInputTopic<String, byte[]> images = driver.createInputTopic("images", new StringSerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> labels = driver.createOutputTopic("labels", new StringDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<String, byte[]> dead = driver.createOutputTopic("images.dlq", new StringDeserializer(), new ByteArrayDeserializer());
            images.pipeInput("good-0", image(0));
            images.pipeInput("bad", "not an image".getBytes(StandardCharsets.UTF_8));
            assertThat(dead.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("bad");
            images.pipeInput("good-1", image(1));
            images.pipeInput("good-2", image(2));
            assertThat(labels.isEmpty()).isTrue();
            images.pipeInput("good-3", image(3));
            List<String> keys = new ArrayList<>();
            labels.readRecordsToList().forEach(r -> keys.add(r.key()));
            assertThat(keys).containsExactly("good-0", "good-1", "good-2", "good-3");
        }
    }

    @Test
    void withBatchingOffEachImageIsLabelledAtOnceAndNothingIsHeld() {
        try (TopologyTestDriver driver = driver(MicroBatch.OFF)) {
            TestInputTopic<String, byte[]> images = driver.createInputTopic("images", new StringSerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> labels = driver.createOutputTopic("labels", new StringDeserializer(), new ByteArrayDeserializer());
            images.pipeInput("a", image(0));
            assertThat(labels.readKeyValuesToList()).hasSize(1);
            assertThat(driver.<Long, PendingImage>getKeyValueStore(ImageLabeler.BATCH_STORE).approximateNumEntries()).isZero();
        }
    }

    /**
     * What Kafka Streams does after a crash or a move: the store is restored from its changelog
     * before the processor starts. Images an earlier run held are labelled, in order, even when
     * this run has batching off.
     */
    @Test
    void imagesHeldByAnEarlierRunAreLabelledAfterARestartEvenWithBatchingOff() throws Exception {
        MockProcessorContext<byte[], Routed> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(NOW.toEpochMilli());
        KeyValueStore<Long, PendingImage> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ImageLabeler.BATCH_STORE),
                Serdes.Long(), new PendingImageSerde()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        for (long offset : new long[] {12, 10, 11}) {
            byte[] bytes = image((int) offset);
            store.put(offset, new PendingImage(("held-" + offset).getBytes(StandardCharsets.UTF_8), new Header[0], 1000 + offset,
                    new LabelMessage.Source("images", 0, offset), classifier.preprocessor().preprocess(bytes), 1_000_000, 0));
        }
        ImageLabeler labeler = new ImageLabeler(classifier, new LabelingMetrics(new SimpleMeterRegistry()), Clock.fixed(NOW, ZoneOffset.UTC),
                new LabelerSettings(OUTPUT, 3, Duration.ZERO, MicroBatch.OFF));
        labeler.init(context);
        assertThat(context.forwarded()).isEmpty();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(NOW.toEpochMilli());

        List<Record<byte[], Routed>> out = new ArrayList<>();
        context.forwarded().forEach(f -> out.add(new Record<>(f.record().key(), f.record().value(), f.record().timestamp())));
        assertThat(out).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("held-10", "held-11", "held-12");
        assertThat(out).allMatch(r -> r.value().labelled());
        assertThat(out).extracting(Record::timestamp).containsExactly(1010L, 1011L, 1012L);
        assertThat(json(out.get(0).value().value()).get("label").asText()).isEqualTo(classifier.classify(image(10)).label());
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void aHeldImageSurvivesItsStoreFormatByteForByte() {
        PendingImage original = new PendingImage(new byte[] {1, 2, 3}, new Header[] {new RecordHeader("ce_id", new byte[] {9}),
                new RecordHeader("empty", null)}, 42, new LabelMessage.Source("images", 3, 77),
                new moodstream.core.image.PreprocessedImage(new moodstream.core.image.ImageInfo(moodstream.core.image.ImageFormat.JPEG, 640,
                        480, 12345), new float[] {0f, 0.25f, 1f, Float.MIN_VALUE}, new moodstream.core.face.CropRegion(1, 2, 30, 40)),
                5_000, 1_700_000_000_000L);
        PendingImage back = PendingImageSerde.read(PendingImageSerde.write(original));
        assertThat(back.key()).containsExactly(1, 2, 3);
        assertThat(back.headers()).hasSize(2);
        assertThat(back.headers()[0].key()).isEqualTo("ce_id");
        assertThat(back.headers()[0].value()).containsExactly(9);
        assertThat(back.headers()[1].value()).isNull();
        assertThat(back.timestamp()).isEqualTo(42);
        assertThat(back.source()).isEqualTo(original.source());
        assertThat(back.image().info()).isEqualTo(original.image().info());
        assertThat(back.image().face()).isEqualTo(original.image().face());
        assertThat(back.image().pixels()).containsExactly(original.image().pixels());
        assertThat(back.decodeNanos()).isEqualTo(5_000);
        assertThat(back.heldSinceMs()).isEqualTo(1_700_000_000_000L);

        PendingImage keyless = new PendingImage(null, new Header[0], 0, original.source(), original.image(), 0, 0);
        assertThat(PendingImageSerde.read(PendingImageSerde.write(keyless)).key()).isNull();
        assertThat(back.image().fallback()).isFalse();

        PendingImage forFallback = new PendingImage(null, new Header[0], 0, original.source(), new moodstream.core.image.PreprocessedImage(
                original.image().info(), original.image().pixels(), null, true), 0, 0);
        assertThat(PendingImageSerde.read(PendingImageSerde.write(forFallback)).image().path()).isEqualTo("fallback");

        // A blended photo keeps the fallback's tensor of the whole photo beside the face crop.
        PendingImage blended = new PendingImage(null, new Header[0], 0, original.source(), original.image().withScene(
                new float[] {0.125f, 0.5f, 0.875f}), 0, 0);
        PendingImage blendedBack = PendingImageSerde.read(PendingImageSerde.write(blended));
        assertThat(blendedBack.image().path()).isEqualTo("face+fallback");
        assertThat(blendedBack.image().scene()).containsExactly(0.125f, 0.5f, 0.875f);
        assertThat(blendedBack.image().pixels()).containsExactly(original.image().pixels());
        assertThat(back.image().scene()).isNull();
        // A record cut inside a tensor is refused, not read as a shorter tensor.
        byte[] whole = PendingImageSerde.write(blended);
        assertThatThrownBy(() -> PendingImageSerde.read(java.util.Arrays.copyOf(whole, whole.length - 2)))
                .hasMessageContaining("truncated");
    }

    @Test
    void aHeldImageWrittenInFormats1And2BeforeTheFallbackFlagAndTheBlendIsStillRead() {
        PendingImage original = new PendingImage(new byte[] {7}, new Header[0], 42, new LabelMessage.Source("images", 0, 5),
                new moodstream.core.image.PreprocessedImage(new moodstream.core.image.ImageInfo(moodstream.core.image.ImageFormat.PNG, 64,
                        48, 999), new float[] {0.5f, 0.75f}, new moodstream.core.face.CropRegion(1, 2, 30, 40)), 5_000, 77L);
        byte[] format3 = PendingImageSerde.write(original);
        assertThat(format3[0]).isEqualTo((byte) 3);
        // Format 2 is format 3 without the scene's tensor at the end (here its length alone, -1: none).
        byte[] format2 = java.util.Arrays.copyOf(format3, format3.length - 4);
        format2[0] = 2;
        PendingImage read2 = PendingImageSerde.read(format2);
        assertThat(read2.image().scene()).isNull();
        assertThat(read2.image().pixels()).containsExactly(0.5f, 0.75f);
        assertThat(read2.image().path()).isEqualTo("face");
        // Format 1 is format 2 without the one-byte fallback flag after the face box, which the
        // 2 longs and the tensor (an int and 2 floats) follow: 8 + 8 + 4 + 8 bytes from the end.
        int flag = format2.length - (8 + 8 + 4 + 2 * 4) - 1;
        assertThat(format2[flag]).isZero();
        byte[] format1 = new byte[format2.length - 1];
        System.arraycopy(format2, 0, format1, 0, flag);
        System.arraycopy(format2, flag + 1, format1, flag, format2.length - flag - 1);
        format1[0] = 1;
        PendingImage back = PendingImageSerde.read(format1);
        assertThat(back.image().fallback()).isFalse();
        assertThat(back.image().face()).isEqualTo(original.image().face());
        assertThat(back.image().pixels()).containsExactly(0.5f, 0.75f);
        assertThat(back.heldSinceMs()).isEqualTo(77L);
        format1[0] = 4;
        assertThatThrownBy(() -> PendingImageSerde.read(format1)).hasMessageContaining("format 4");
    }
}
