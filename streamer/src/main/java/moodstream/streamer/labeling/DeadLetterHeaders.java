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

    /** Error code for a record the model itself could not run on (not the image's fault). */
    public static final String INFERENCE_FAILED = "INFERENCE_FAILED";

    private DeadLetterHeaders() {
    }

    /** Adds the error headers, replacing any earlier ones (a record replayed from the DLQ that fails again). */
    static Headers annotate(Headers headers, String code, String message, String topic, int partition, long offset,
                            String failedAt) {
        for (String key : new String[] {ERROR_CODE, ERROR_MESSAGE, SOURCE_TOPIC, SOURCE_PARTITION, SOURCE_OFFSET, FAILED_AT}) {
            headers.remove(key);
        }
        headers.add(ERROR_CODE, utf8(code));
        headers.add(ERROR_MESSAGE, utf8(message));
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

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
