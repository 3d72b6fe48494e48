package moodstream.streamer.labeling;

/**
 * What the labeler decided for one record: a label JSON for the output topic, or the
 * original bytes for the dead-letter topic (the reason travels in the record's headers).
 */
public record Routed(boolean labelled, byte[] value) {
    static Routed label(byte[] json) {
        return new Routed(true, json);
    }

    static Routed deadLetter(byte[] original) {
        return new Routed(false, original);
    }
}
