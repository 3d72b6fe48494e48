package moodstream.streamer.labeling;

import java.util.Map;
import java.util.Optional;
import moodstream.streamer.stats.JsonSerde;
import moodstream.streamer.stats.StatsSettings;
import moodstream.streamer.stats.Tally;
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

    private static final String STATS_KEY = "all";

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
        // timestamp. One key for all, so one task sees every partition's records for a window (the
        // repartition topic carries only the small Tally); a window's record is written once it has
        // closed (its end plus the grace, in stream time), not on every update.
        stats.ifPresent(s -> decided
                .mapValues(Routed::tally, Named.as("tally"))
                .selectKey((key, tally) -> STATS_KEY, Named.as("one-key-for-all"))
                // One partition: one key uses one anyway, and it keeps the statistics to a single task.
                .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(Tally.class)).withName("stats").withNumberOfPartitions(1))
                .groupByKey(Grouped.with("stats", Serdes.String(), new JsonSerde<>(Tally.class)))
                .windowedBy(TimeWindows.ofSizeAndGrace(s.window(), s.grace()))
                .aggregate(() -> WindowStats.EMPTY, (key, tally, window) -> window.add(tally), Named.as("count-window"),
                        Materialized.<String, WindowStats, WindowStore<Bytes, byte[]>>as("window-stats")
                                .withKeySerde(Serdes.String()).withValueSerde(new JsonSerde<>(WindowStats.class)))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("until-window-closes"))
                .toStream(Named.as("closed-windows"))
                .map((window, counted) -> KeyValue.pair(window.window().startTime().toString(),
                        counted.close(window.window().startTime().toString(), window.window().endTime().toString())), Named.as("window-json"))
                .to(s.topic(), Produced.with(Serdes.String(), new JsonSerde<>(WindowStats.Closed.class)).withName("write-stats")));

        return builder.build();
    }
}
