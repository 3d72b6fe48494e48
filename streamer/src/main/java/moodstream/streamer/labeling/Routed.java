package moodstream.streamer.labeling;

import moodstream.streamer.stats.Tally;

/**
 * What the labeler decided for one record: a label JSON for the output topic, or the
 * original bytes for the dead-letter topic (the reason travels in the record's headers), and what
 * the record adds to the windowed statistics.
 */
public record Routed(boolean labelled, byte[] value, Tally tally) {
    static Routed label(byte[] json, Tally tally) {
        return new Routed(true, json, tally);
    }

    static Routed deadLetter(byte[] original, String code) {
        return new Routed(false, original, Tally.deadLetter(code));
    }
}
