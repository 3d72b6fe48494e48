package moodstream.core.card;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What the network is run on for each image, beyond the image itself. It belongs in the card
 * because the card's test metrics were measured with it: a server that skipped it would serve
 * a different model from the one that was measured.
 */
public enum TestTimeAugmentation {
    /** The image alone; cards written before this field existed mean this. */
    NONE("none"),
    /**
     * The image and its left-right mirror, with their scores averaged. Training already flips
     * images (a mirrored smile is still a smile), so the mirror is an input the network knows.
     */
    HFLIP("hflip");

    private final String id;

    TestTimeAugmentation(String id) {
        this.id = id;
    }

    /** The card's and the command line's spelling. */
    @JsonValue
    public String id() {
        return id;
    }

    /** Parses "none" or "hflip", case-insensitively, with an error that lists the choices. */
    @JsonCreator
    public static TestTimeAugmentation parse(String value) {
        for (TestTimeAugmentation t : values()) {
            if (value != null && t.id.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("test-time augmentation '" + value + "' is not known to this version"
                + " (known: none, hflip)");
    }
}
