package moodstream.streamer.follow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import moodstream.streamer.labeling.DeadLetterHeaders;
import moodstream.streamer.labeling.LabelJson;
import moodstream.streamer.labeling.KeyText;
import moodstream.streamer.labeling.LabelMessage;
import moodstream.streamer.ops.TopicGuard;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the labels (and, if asked, the dead letters) as a downstream consumer does:
 * {@code read_committed}, so only what the streamer's transactions committed is seen, exactly once.
 *
 * <p>Two modes, told apart by {@code group.id} in the consumer properties:
 * <ul>
 *   <li><b>viewer</b> (no group id, the default of {@link #consumerProperties}): every partition of
 *   the topics is assigned to this reader, nothing is committed and no consumer group is
 *   created. The constructor returns only once every partition is positioned, so with
 *   {@link StartFrom#NOW} a record written right after the constructor returns is never missed.
 *   Partitions added to the topics later are not followed.</li>
 *   <li><b>group</b> (a group id): joins the consumer group, sharing the partitions with its other
 *   members; where the group has committed offsets it continues from them, elsewhere
 *   {@link StartFrom} applies. The offsets of the records {@link #poll} has returned are
 *   committed at the next poll and at {@link #close}, so a record is handed over before its offset
 *   is committed (a crash can show it again, never skip it). The constructor returns once this
 *   member has its partitions and they are positioned.</li>
 * </ul>
 *
 * <p>Not thread-safe, like the consumer, except {@link #wakeup()}.
 */
public final class LabelFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LabelFollower.class);
    /** Dead letters carry whole images: as large as the publish tool sends, plus key and headers. */
    private static final int MAX_FETCH_BYTES = 16 * 1024 * 1024 + 64 * 1024;
    private static final long DEFAULT_TIMEOUT_MS = 30_000;
    private static final int PREVIEW_CHARS = 60;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String bootstrapServers;
    private final Optional<String> deadLetterTopic;
    private final Optional<String> groupId;
    private final Deque<Fetched> pending = new ArrayDeque<>();
    /** Group mode: the next offset after each partition's last returned record, not yet committed. */
    private final Map<TopicPartition, OffsetAndMetadata> delivered = new HashMap<>();

    private record Fetched(ConsumerRecord<byte[], byte[]> record, long receivedAtMs) {
    }

    /**
     * @param consumerProperties the final consumer properties, e.g. from {@link #consumerProperties}
     *                           ({@code auto.offset.reset} follows {@code from} unless set)
     * @param labelsTopic        the streamer's output topic
     * @param deadLetterTopic    its dead-letter topic, to follow that too
     * @param from               where to start (in group mode: where the group has no offsets)
     * @throws IllegalStateException when a topic does not exist or Kafka cannot be reached, with
     *                               the topic or the bootstrap servers named
     */
    public LabelFollower(Properties consumerProperties, String labelsTopic, Optional<String> deadLetterTopic, StartFrom from) {
        if (deadLetterTopic.isPresent() && deadLetterTopic.get().equals(labelsTopic)) {
            throw new IllegalArgumentException("the labels and dead-letter topics must differ; both are " + labelsTopic);
        }
        Properties props = new Properties();
        props.putAll(consumerProperties);
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, from == StartFrom.BEGINNING ? "earliest" : "latest");
        this.bootstrapServers = String.valueOf(props.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.deadLetterTopic = deadLetterTopic;
        Object group = props.get(ConsumerConfig.GROUP_ID_CONFIG);
        this.groupId = group == null || group.toString().isBlank() ? Optional.empty() : Optional.of(group.toString());
        List<String> topics = new ArrayList<>(List.of(labelsTopic));
        deadLetterTopic.ifPresent(topics::add);

        List<String> missing = TopicGuard.missing(TopicGuard.adminProperties(props), topics);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("topic(s) " + missing + " do not exist on " + bootstrapServers
                    + "; the streamer creates them when started with --create-topics, or create them with kafka-topics.sh"
                    + " --create --topic " + missing.get(0) + "; check --topic and --dead-letter-topic");
        }
        Duration timeout = Duration.ofMillis(timeoutMs(props));
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            if (groupId.isPresent()) {
                join(topics, timeout);
            } else {
                assignAll(topics, from, timeout);
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within " + timeout.toMillis()
                    + " ms while positioning on " + topics + ": " + e.getMessage() + "; check --bootstrap-servers", e);
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
    }

    /**
     * Consumer properties for reading labels: {@code read_committed} (the streamer writes in
     * transactions), no automatic commits, fetch sizes for dead letters that carry whole images,
     * then {@code kafkaOverrides} on top. Without {@code groupId} there is no group id: a viewer.
     */
    public static Properties consumerProperties(String bootstrapServers, Map<String, String> kafkaOverrides, Optional<String> groupId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        groupId.ifPresent(g -> p.put(ConsumerConfig.GROUP_ID_CONFIG, g));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(MAX_FETCH_BYTES));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(Math.max(MAX_FETCH_BYTES, 52_428_800)));
        // A read_committed fetch that finds nothing committed yet is parked at the broker for up to
        // fetch.max.wait.ms (500 by default), and a commit does not always end the wait early: the
        // viewer would show (and the demo measure) that wait as latency. 50 ms costs a few idle fetches.
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        p.putAll(kafkaOverrides);
        return p;
    }

    /** What arrived within {@code timeout} (empty if nothing did). Throws {@link WakeupException} after {@link #wakeup()}. */
    public List<FollowedRecord> poll(Duration timeout) {
        return poll(timeout, Integer.MAX_VALUE);
    }

    /**
     * As {@link #poll(Duration)}, returning at most {@code maxRecords}; the rest is kept for the
     * next call (and, in group mode, not committed until returned).
     */
    public List<FollowedRecord> poll(Duration timeout, int maxRecords) {
        return poll(timeout, maxRecords, (record, receivedAtMs) -> toEvent(record, deadLetterTopic, receivedAtMs));
    }

    /** As {@link #poll(Duration, int)}, each record read by {@code reader} (given the record and when it arrived). */
    public <T> List<T> poll(Duration timeout, int maxRecords, java.util.function.BiFunction<ConsumerRecord<byte[], byte[]>, Long, T> reader) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, got " + maxRecords);
        }
        commitDelivered();
        if (pending.isEmpty()) {
            fetch(timeout);
        }
        List<T> events = new ArrayList<>();
        while (!pending.isEmpty() && events.size() < maxRecords) {
            Fetched f = pending.poll();
            events.add(reader.apply(f.record(), f.receivedAtMs()));
            if (groupId.isPresent()) {
                delivered.put(new TopicPartition(f.record().topic(), f.record().partition()),
                        new OffsetAndMetadata(f.record().offset() + 1));
            }
        }
        return events;
    }

    /** Makes a blocked or the next {@link #poll} throw {@link WakeupException}; safe from any thread (a shutdown hook). */
    public void wakeup() {
        consumer.wakeup();
    }

    /** Commits what was returned (group mode) and leaves. */
    @Override
    public void close() {
        try {
            try {
                commitDelivered();
            } catch (WakeupException e) {
                commitDelivered(); // the wakeup that stopped the caller is used up now
            }
        } catch (RuntimeException e) {
            log.warn("could not commit the offsets of the records shown (group {}): {}", groupId.orElse("-"), e.toString());
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void fetch(Duration timeout) {
        var records = consumer.poll(timeout);
        long now = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            pending.add(new Fetched(r, now));
        }
    }

    private void commitDelivered() {
        if (groupId.isEmpty() || delivered.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(new HashMap<>(delivered));
            delivered.clear();
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // A rebalance took the partitions: the new owner goes on from the last commit and may show a few again.
            log.warn("could not commit the offsets of the records shown (group {}): {}", groupId.get(), e.toString());
            delivered.clear();
        }
    }

    private void assignAll(List<String> topics, StartFrom from, Duration timeout) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo p : consumer.partitionsFor(topic, timeout)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        consumer.assign(partitions);
        if (from == StartFrom.BEGINNING) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        // seekTo* is lazy: resolve every position now, so that NOW means "when the constructor returned".
        for (TopicPartition tp : partitions) {
            consumer.position(tp, timeout);
        }
    }

    private void join(List<String> topics, Duration timeout) {
        AtomicBoolean assigned = new AtomicBoolean();
        consumer.subscribe(topics, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                Map<TopicPartition, OffsetAndMetadata> mine = new HashMap<>();
                for (TopicPartition tp : partitions) {
                    OffsetAndMetadata offset = delivered.remove(tp);
                    if (offset != null) {
                        mine.put(tp, offset);
                    }
                }
                if (!mine.isEmpty()) {
                    try {
                        consumer.commitSync(mine);
                    } catch (KafkaException e) {
                        log.warn("could not commit before giving up partitions {}: {}", partitions, e.toString());
                    }
                }
                forget(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                partitions.forEach(delivered::remove);
                forget(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assigned.set(true);
            }
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!assigned.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not join consumer group " + groupId.get() + " on " + bootstrapServers
                        + " within " + timeout.toMillis() + " ms; check --bootstrap-servers and the group's permissions");
            }
            fetch(Duration.ofMillis(100));
        }
        for (TopicPartition tp : consumer.assignment()) {
            consumer.position(tp, timeout);
        }
    }

    /** Records fetched for partitions this member no longer owns are the new owner's to show. */
    private void forget(Collection<TopicPartition> partitions) {
        pending.removeIf(f -> partitions.contains(new TopicPartition(f.record().topic(), f.record().partition())));
    }

    /** One record as an event: a dead letter by its topic, a label if its value reads as one, else unreadable. */
    static FollowedRecord toEvent(ConsumerRecord<byte[], byte[]> r, Optional<String> deadLetterTopic, long receivedAtMs) {
        if (deadLetterTopic.isPresent() && deadLetterTopic.get().equals(r.topic())) {
            String code = DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.ERROR_CODE);
            String message = DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.ERROR_MESSAGE);
            return new FollowedRecord(r.topic(), KeyText.display(r.key()), Optional.empty(),
                    Optional.of(code == null || code.isBlank() ? "UNKNOWN" : code),
                    Optional.of(message != null ? message : "no " + DeadLetterHeaders.ERROR_CODE + " header on this record"),
                    r.timestamp(), receivedAtMs, deadLetterSource(r));
        }
        if (r.value() == null) {
            return unreadable(r, receivedAtMs, "no value (a tombstone)");
        }
        try {
            LabelMessage message = LabelJson.read(r.value());
            return new FollowedRecord(r.topic(), KeyText.display(r.key()), Optional.of(message), Optional.empty(), Optional.empty(),
                    r.timestamp(), receivedAtMs);
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            why = why == null ? e.toString() : why.lines().findFirst().orElse("");
            // Jackson quotes up to 256 characters of a bad token; the value preview shows the start anyway.
            why = why.length() > 100 ? why.substring(0, 100) + "..." : why;
            return unreadable(r, receivedAtMs, "not a label message (" + why + "); value: " + preview(r.value()));
        }
    }

    private static FollowedRecord unreadable(ConsumerRecord<byte[], byte[]> r, long receivedAtMs, String why) {
        return new FollowedRecord(r.topic(), KeyText.display(r.key()), Optional.empty(), Optional.empty(), Optional.of(why), r.timestamp(), receivedAtMs);
    }

    private static Optional<LabelMessage.Source> deadLetterSource(ConsumerRecord<byte[], byte[]> r) {
        String topic = DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.SOURCE_TOPIC);
        String partition = DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.SOURCE_PARTITION);
        String offset = DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.SOURCE_OFFSET);
        try {
            return topic == null || partition == null || offset == null ? Optional.empty()
                    : Optional.of(new LabelMessage.Source(topic, Integer.parseInt(partition.trim()), Long.parseLong(offset.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The start of a value as text, for a person to recognise it; bytes that are not text would be noise. */
    private static String preview(byte[] value) {
        String text = new String(value, 0, Math.min(value.length, PREVIEW_CHARS * 4), StandardCharsets.UTF_8);
        long binary = text.chars().filter(c -> c == 0xFFFD || (Character.isISOControl(c) && !Character.isWhitespace(c))).count();
        if (binary > 0) {
            return value.length + " bytes, not text";
        }
        text = text.length() > PREVIEW_CHARS ? text.substring(0, PREVIEW_CHARS) + "..." : text;
        return "'" + text + "' (" + value.length + " bytes)";
    }

    private static long timeoutMs(Properties props) {
        Object value = props.get(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        try {
            return value == null ? DEFAULT_TIMEOUT_MS : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("default.api.timeout.ms must be a number of milliseconds, got '" + value + "'", e);
        }
    }
}
