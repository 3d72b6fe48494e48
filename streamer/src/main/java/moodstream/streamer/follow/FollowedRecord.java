package moodstream.streamer.follow;

import java.util.Optional;
import moodstream.streamer.labeling.LabelMessage;

/**
 * One record read from the labels or dead-letter topic: a label, a dead letter, or an
 * unreadable record (a value that is not a label message), which is reported, never fatal.
 *
 * @param topic         where it was read
 * @param key           the record key (the image id) as text, {@code base64:...} when not UTF-8; may be null
 * @param label         the label message, for a label
 * @param errorCode     the {@code moodstream.error.code} header, for a dead letter
 *                      ({@code UNKNOWN} when a record on the dead-letter topic has none)
 * @param errorMessage  the {@code moodstream.error.message} header for a dead letter, or why an
 *                      unreadable record could not be read
 * @param publishedAtMs the record's timestamp: Kafka Streams keeps the input record's timestamp
 *                      on what it writes, so this is when the image was published
 * @param receivedAtMs  when this reader fetched it (wall clock)
 * @param source        where the image was in Kafka: the label's {@code source}, or a dead
 *                      letter's {@code moodstream.source.*} headers
 */
public record FollowedRecord(String topic, String key, Optional<LabelMessage> label, Optional<String> errorCode,
                         Optional<String> errorMessage, long publishedAtMs, long receivedAtMs,
                         Optional<LabelMessage.Source> source) {

    /** Without a dead letter's source: for a label it is the label's own. */
    public FollowedRecord(String topic, String key, Optional<LabelMessage> label, Optional<String> errorCode,
                      Optional<String> errorMessage, long publishedAtMs, long receivedAtMs) {
        this(topic, key, label, errorCode, errorMessage, publishedAtMs, receivedAtMs, label.map(LabelMessage::source));
    }

    /** A record of the dead-letter topic: the image could not be labelled. */
    public boolean deadLetter() {
        return errorCode.isPresent();
    }

    /** A record of the labels topic whose value is not a label message. */
    public boolean unreadable() {
        return label.isEmpty() && errorCode.isEmpty();
    }

    /**
     * From publishing to being read here, in milliseconds: the whole trip through Kafka and the
     * streamer, including its transaction commit. Two clocks are involved (the publisher's, or
     * the broker's with LogAppendTime, and this reader's), so skew shows up here.
     */
    public long latencyMs() {
        return receivedAtMs - publishedAtMs;
    }
}
