package moodstream.streamer.config;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import moodstream.streamer.labeling.OutputLimits;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams properties for the streamer, in the style of Kafka's own examples. Images are
 * large messages: producer request size and consumer fetch sizes are raised together above
 * the image byte limit, or a dead-lettered image could not be written back out.
 */
public final class StreamsProperties {
    /** Room for the record's key and headers, and the dead letter's error headers, on top of the image itself. */
    private static final int OVERHEAD = OutputLimits.VALUELESS_DEAD_LETTER_NEED + 1024;

    private StreamsProperties() {
    }

    public static Properties from(StreamerConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                config.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());

        int messageBytes = (int) Math.min(Integer.MAX_VALUE - OVERHEAD, config.limits().maxBytes()) + OVERHEAD;
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), messageBytes);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), messageBytes);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), Math.max(messageBytes, 52_428_800));
        // A large photo takes tens of milliseconds to decode: keep a poll's work well inside max.poll.interval.ms.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 100);

        // Pass-through last: an operator's explicit setting wins over every default above.
        for (Map.Entry<String, String> e : config.kafka().entrySet()) {
            props.put(e.getKey(), e.getValue());
        }
        return props;
    }
}
