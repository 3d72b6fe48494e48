package moodstream.trainer.data;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import moodstream.core.image.ImageLimits;

/**
 * How {@link DatasetCleaner} judges files.
 *
 * @param limits     byte and pixel limits, the same ones serving applies
 * @param minSide    images narrower or shorter than this many pixels are rejected as too small
 * @param quarantine where rejected files are moved; empty leaves them in place
 */
public record CleanOptions(ImageLimits limits, int minSide, Optional<Path> quarantine) {
    public static final int DEFAULT_MIN_SIDE = 32;
    public static final CleanOptions DEFAULT = new CleanOptions(ImageLimits.DEFAULT, DEFAULT_MIN_SIDE, Optional.empty());

    public CleanOptions {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(quarantine, "quarantine");
        if (minSide < 1) {
            throw new IllegalArgumentException("minSide must be at least 1 pixel, got " + minSide);
        }
    }

    public CleanOptions withLimits(ImageLimits newLimits) {
        return new CleanOptions(newLimits, minSide, quarantine);
    }

    public CleanOptions withMinSide(int newMinSide) {
        return new CleanOptions(limits, newMinSide, quarantine);
    }

    public CleanOptions withQuarantine(Path dir) {
        return new CleanOptions(limits, minSide, Optional.of(dir));
    }
}
