package moodstream.streamer.labeling;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * The headers a dead-lettered record carries next to its untouched key and value, so an
 * operator can see why it failed and replay it from where it came (docs/messages.md).
 */
public final class DeadLetterHeaders {
    public static final String ERROR_CODE = "moodstream.error.code";
    public static final String ERROR_MESSAGE = "moodstream.error.message";
    public static final String SOURCE_TOPIC = "moodstream.source.topic";
    public static final String SOURCE_PARTITION = "moodstream.source.partition";
    public static final String SOURCE_OFFSET = "moodstream.source.offset";
    public static final String FAILED_AT = "moodstream.failed.at";
    /** Set when the dead letter carries no value because the original could not fit: why. */
    public static final String VALUE_OMITTED = "moodstream.value.omitted";
    /** Set when the dead letter has no key and none of the input's headers, because they were too large: why. */
    public static final String KEY_OMITTED = "moodstream.key.omitted";
    /** The original value's size in bytes (decimal), when the value is omitted. */
    public static final String ORIGINAL_BYTES = "moodstream.original.bytes";
    /** The original value's SHA-256 (hex), when the value is omitted: find the image in your own store. */
    public static final String ORIGINAL_SHA256 = "moodstream.original.sha256";

    /** Error code for a record the model itself could not run on (not the image's fault). */
    public static final String INFERENCE_FAILED = "INFERENCE_FAILED";
    /** Error code for a record whose key and headers alone are over {@link OutputLimits#KEY_AND_HEADERS_MAX}. */
    public static final String KEY_TOO_LARGE = "KEY_TOO_LARGE";

    /** The longest error message kept, so the error headers stay within a known size. */
    static final int MAX_MESSAGE_CHARS = 1000;

    private DeadLetterHeaders() {
    }

    /** Adds the error headers, replacing any earlier ones (a record replayed from the DLQ that fails again). */
    static Headers annotate(Headers headers, String code, String message, String topic, int partition, long offset,
                            String failedAt) {
        for (String key : new String[] {ERROR_CODE, ERROR_MESSAGE, SOURCE_TOPIC, SOURCE_PARTITION, SOURCE_OFFSET, FAILED_AT,
                VALUE_OMITTED, ORIGINAL_BYTES, ORIGINAL_SHA256, KEY_OMITTED}) {
            headers.remove(key);
        }
        headers.add(ERROR_CODE, utf8(code));
        headers.add(ERROR_MESSAGE, utf8(bounded(message)));
        headers.add(SOURCE_TOPIC, utf8(topic));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
        headers.add(FAILED_AT, utf8(failedAt));
        return headers;
    }

    /** A header's value as text, or null when absent. */
    public static String read(Headers headers, String key) {
        var header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Exception messages can be long (a stack of causes); a header is for reading, not a dump. */
    private static String bounded(String message) {
        return message != null && message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) + "..." : message;
    }

    static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
