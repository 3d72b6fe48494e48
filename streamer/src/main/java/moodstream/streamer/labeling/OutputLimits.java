package moodstream.streamer.labeling;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The largest record the streamer can write to each output topic: the smaller of the
 * producer's {@code max.request.size} and the topic's {@code max.message.bytes}, read at start.
 * A record over it would fail the producer, and under exactly-once that aborts the whole
 * transaction and stops the stream thread on every retry, so the labeler checks before it
 * writes (see {@link DeadLetters}).
 *
 * @param labelRecordMax      bytes, the labels topic
 * @param deadLetterRecordMax bytes, the dead-letter topic
 */
public record OutputLimits(int labelRecordMax, int deadLetterRecordMax) {
    /**
     * What an input record's key and headers may take together. The producer and fetch sizes
     * get this much room above the image byte limit, and a label carries the key (as base64
     * at worst), so every output is bounded once this is.
     */
    public static final int KEY_AND_HEADERS_MAX = 64 * 1024;
    /** Room for the error headers the streamer adds (the message is cut at 1000 characters). */
    static final int ERROR_HEADERS_MAX = 8 * 1024;
    /** A label's JSON without its id: model, scores, timings; a few hundred bytes, with margin. */
    static final int LABEL_JSON_MAX = 8 * 1024;
    /** The largest label record: the key, the key again as base64 in the JSON, and the JSON. */
    public static final int LABEL_RECORD_NEED = KEY_AND_HEADERS_MAX + (KEY_AND_HEADERS_MAX * 4 / 3 + 4) + LABEL_JSON_MAX;
    /** The largest dead letter without its value: key and input headers, the error headers. */
    public static final int VALUELESS_DEAD_LETTER_NEED = KEY_AND_HEADERS_MAX + ERROR_HEADERS_MAX;

    public OutputLimits {
        if (labelRecordMax < LABEL_RECORD_NEED || deadLetterRecordMax < VALUELESS_DEAD_LETTER_NEED) {
            throw new IllegalArgumentException("output limits " + labelRecordMax + " (labels) and " + deadLetterRecordMax
                    + " (dead letters) are below what a label (" + LABEL_RECORD_NEED + ") or a dead letter without its value ("
                    + VALUELESS_DEAD_LETTER_NEED + ") can need");
        }
    }

    /**
     * A record's size as the producer counts it against {@code max.request.size}: the same
     * upper bound of a one-record batch that {@code KafkaProducer.send} computes. An internal
     * Kafka class, used on purpose: any other estimate could disagree with the producer's check.
     */
    public static int recordBytes(byte[] key, byte[] value, Header[] headers) {
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE.type(), key, value,
                headers);
    }

    /** The key and headers of an input record, in bytes. */
    static int keyAndHeadersBytes(byte[] key, Header[] headers) {
        long total = key == null ? 0 : key.length;
        for (Header h : headers) {
            total += h.key().length() * 3L + (h.value() == null ? 0 : h.value().length);
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }
}
