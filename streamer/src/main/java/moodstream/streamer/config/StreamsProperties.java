package moodstream.streamer.config;

import java.util.Map;
import java.util.Properties;
import moodstream.streamer.labeling.OutputLimits;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams properties for the streamer, in the style of Kafka's own examples. Images are
 * large messages: producer request size and consumer fetch sizes are raised together above
 * the image byte limit, or a dead-lettered image could not be written back out.
 */
public final class StreamsProperties {
    /** Room for the record's key and headers, and the dead letter's error headers, on top of the image itself. */
    private static final int OVERHEAD = OutputLimits.VALUELESS_DEAD_LETTER_NEED + 1024;

    /** The brokers' smallest allowed session timeout by default (group.min.session.timeout.ms). */
    static final int SESSION_TIMEOUT_MS = 6_000;
    /**
     * Kafka Streams' default under exactly-once is 10 s. A transaction here lives about one commit
     * interval (100 ms) plus one poll's processing, so 5 s leaves a wide margin.
     */
    static final int TRANSACTION_TIMEOUT_MS = 5_000;

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

        // Failover in seconds (docs/streaming.md, failure modes): a killed instance's partitions wait
        // for the group coordinator to miss its heartbeats for session.timeout.ms (45 s by default)
        // and, under exactly-once, for its open transaction to time out, which holds back what
        // read_committed consumers see on the partitions it wrote. Both are shortened here.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), SESSION_TIMEOUT_MS / 4);
        if (config.exactlyOnce()) {
            props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), TRANSACTION_TIMEOUT_MS);
        }
        if (config.instanceId() != null) {
            // Static membership: Kafka Streams adds the thread index; a restart within the session
            // timeout takes the same partitions back without a rebalance.
            props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), config.instanceId());
        }

        // Pass-through last: an operator's explicit setting wins over every default above.
        for (Map.Entry<String, String> e : config.kafka().entrySet()) {
            props.put(e.getKey(), e.getValue());
        }
        return props;
    }
}
