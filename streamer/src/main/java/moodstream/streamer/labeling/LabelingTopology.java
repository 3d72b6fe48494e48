package moodstream.streamer.labeling;

import java.util.Map;
import java.util.Optional;
import moodstream.streamer.stats.JsonSerde;
import moodstream.streamer.stats.StatsSettings;
import moodstream.streamer.stats.TallyBuffer;
import moodstream.streamer.stats.WindowStats;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole app, top to bottom: images in, each labelled or dead-lettered, out to two topics.
 * Keys are bytes end to end: the streamer never decodes a key it only passes on. The labeler's
 * store of images held for a batch is declared here whether batching is on or not, so that a
 * restart with batching turned off still finds, and labels, what an earlier run held.
 */
public final class LabelingTopology {
    /**
     * The largest held image the batch store's changelog takes: a tensor of 2 million floats (3x816x816)
     * with its key and headers. Tensors of the models this project trains are thousands of floats.
     */
    public static final int HELD_IMAGE_MAX_BYTES = 8 * 1024 * 1024 + OutputLimits.KEY_AND_HEADERS_MAX + 4096;

    /** How often each task sends its partial window counts on: the statistics lag the images by about this. */
    private static final java.time.Duration STATS_FLUSH = java.time.Duration.ofSeconds(1);

    private LabelingTopology() {
    }

    /** Without the windowed statistics. */
    public static Topology build(Topics topics, ProcessorSupplier<byte[], byte[], byte[], Routed> labeler) {
        return build(topics, labeler, Optional.empty());
    }

    public static Topology build(Topics topics, ProcessorSupplier<byte[], byte[], byte[], Routed> labeler, Optional<StatsSettings> stats) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ImageLabeler.BATCH_STORE),
                        Serdes.Long(), new PendingImageSerde())
                .withLoggingEnabled(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(HELD_IMAGE_MAX_BYTES))));

        KStream<byte[], byte[]> images = builder.stream(topics.input(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                .withName("read-images"));

        KStream<byte[], Routed> decided = images.process(labeler, Named.as("label-image"), ImageLabeler.BATCH_STORE);
        Map<String, KStream<byte[], Routed>> routes = decided
                .split(Named.as("route-"))
                .branch((key, routed) -> routed.labelled(), Branched.as("labels"))
                .defaultBranch(Branched.as("dead-letters"));

        routes.get("route-labels")
                .mapValues(Routed::value, Named.as("label-json"))
                .to(topics.output(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("write-labels"));

        // Key, value and the input's own headers unchanged (unless too large to write, see DeadLetters); the error headers added.
        routes.get("route-dead-letters")
                .mapValues(Routed::value, Named.as("original-image"))
                .to(topics.deadLetter(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("write-dead-letters"));

        // The second sub-topology: every label and dead letter counted into tumbling windows of its
        // timestamp. Each labelling task first counts its own images per window (TallyBuffer, a logged
        // store) and sends its counts on once a second; one task, behind a one-partition repartition
        // topic, adds them up per window; a window's record is written once it has closed (its end plus
        // the grace, in stream time), not on every update.
        stats.ifPresent(s -> {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TallyBuffer.STORE), Serdes.Long(),
                    new JsonSerde<>(WindowStats.Partial.class)).withCachingEnabled());
            decided.process(() -> new TallyBuffer(s.window(), STATS_FLUSH), Named.as("count-per-task"), TallyBuffer.STORE)
                    .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(WindowStats.class)).withName("stats")
                            .withNumberOfPartitions(1))
                    .groupByKey(Grouped.with("stats", Serdes.String(), new JsonSerde<>(WindowStats.class)))
                    .windowedBy(TimeWindows.ofSizeAndGrace(s.window(), s.grace()))
                    .aggregate(() -> WindowStats.EMPTY, (key, partial, window) -> window.merge(partial), Named.as("add-up-window"),
                            Materialized.<String, WindowStats, WindowStore<Bytes, byte[]>>as("window-stats")
                                    .withKeySerde(Serdes.String()).withValueSerde(new JsonSerde<>(WindowStats.class)))
                    .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("until-window-closes"))
                    .toStream(Named.as("closed-windows"))
                    .map((window, counted) -> KeyValue.pair(window.window().startTime().toString(),
                            counted.close(window.window().startTime().toString(), window.window().endTime().toString())),
                            Named.as("window-json"))
                    .to(s.topic(), Produced.with(Serdes.String(), new JsonSerde<>(WindowStats.Closed.class)).withName("write-stats"));
        });

        return builder.build();
    }
}
