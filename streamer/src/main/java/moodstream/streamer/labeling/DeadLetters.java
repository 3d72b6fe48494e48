package moodstream.streamer.labeling;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import moodstream.core.Sha256;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Builds the dead letter of an input record so that it can always be written. It keeps the
 * original key, value and headers byte for byte, and adds the error headers. When the whole
 * would not fit the dead-letter topic (an image over the byte limit is by definition large),
 * the value is left out and {@code moodstream.value.omitted}, {@code moodstream.original.bytes}
 * and {@code moodstream.original.sha256} say so. A record whose key and headers alone are over
 * {@link OutputLimits#KEY_AND_HEADERS_MAX} loses those too ({@code moodstream.key.omitted}).
 */
final class DeadLetters {
    private final OutputLimits limits;
    private final Clock clock;

    DeadLetters(OutputLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    Record<byte[], Routed> of(Record<byte[], byte[]> input, LabelMessage.Source source, String code, String message) {
        byte[] key = input.key();
        // A copy: headers may be shared with the input record, which Kafka Streams still holds.
        Headers headers = new RecordHeaders(input.headers().toArray());
        String keyOmitted = null;
        if (OutputLimits.keyAndHeadersBytes(key, headers.toArray()) > OutputLimits.KEY_AND_HEADERS_MAX) {
            keyOmitted = String.format(Locale.ROOT, "the key (%,d bytes, SHA-256 %s) and the %d input headers are over the %,d bytes"
                            + " a key and headers may take", key == null ? 0 : key.length, key == null ? "-" : Sha256.hex(key),
                    headers.toArray().length, OutputLimits.KEY_AND_HEADERS_MAX);
            key = null;
            headers = new RecordHeaders();
        }
        DeadLetterHeaders.annotate(headers, code, message, source.topic(), source.partition(), source.offset(),
                Instant.now(clock).toString());
        if (keyOmitted != null) {
            headers.add(DeadLetterHeaders.KEY_OMITTED, DeadLetterHeaders.utf8(keyOmitted));
        }
        byte[] value = input.value();
        int size = OutputLimits.recordBytes(key, value, headers.toArray());
        if (value != null && size > limits.deadLetterRecordMax()) {
            headers.add(DeadLetterHeaders.VALUE_OMITTED, DeadLetterHeaders.utf8(String.format(Locale.ROOT,
                    "the dead letter with its value would be %,d bytes, over the %,d the dead-letter topic and producer allow",
                    size, limits.deadLetterRecordMax())));
            headers.add(DeadLetterHeaders.ORIGINAL_BYTES, DeadLetterHeaders.utf8(Integer.toString(value.length)));
            headers.add(DeadLetterHeaders.ORIGINAL_SHA256, DeadLetterHeaders.utf8(Sha256.hex(value)));
            value = null;
        }
        return input.withKey(key).withValue(Routed.deadLetter(value, code)).withHeaders(headers);
    }
}
