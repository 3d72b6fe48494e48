package moodstream.streamer.follow;

import java.util.Locale;

/** Where a {@link LabelFollower} starts reading. */
public enum StartFrom {
    /** Everything the topics still hold. */
    BEGINNING,
    /** Only records written after the follower was constructed. */
    NOW;

    /** {@code beginning} or {@code now}, any case. */
    public static StartFrom parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--from must be beginning or now, not '" + s + "'", e);
        }
    }
}
