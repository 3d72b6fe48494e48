package moodstream.streamer.labeling;

import java.util.Map;
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

    private LabelingTopology() {
    }

    public static Topology build(Topics topics, ProcessorSupplier<byte[], byte[], byte[], Routed> labeler) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ImageLabeler.BATCH_STORE),
                        Serdes.Long(), new PendingImageSerde())
                .withLoggingEnabled(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(HELD_IMAGE_MAX_BYTES))));

        KStream<byte[], byte[]> images = builder.stream(topics.input(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                .withName("read-images"));

        Map<String, KStream<byte[], Routed>> routes = images
                .process(labeler, Named.as("label-image"), ImageLabeler.BATCH_STORE)
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

        return builder.build();
    }
}
