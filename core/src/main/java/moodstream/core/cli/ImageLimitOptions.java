package moodstream.core.cli;

import moodstream.core.image.ImageLimits;
import picocli.CommandLine.Option;

/** The per-image limits, checked from the header before decoding: {@code --max-bytes}, {@code --max-pixels} (a picocli mixin). */
public final class ImageLimitOptions {
    @Option(names = "--max-bytes", defaultValue = "" + ImageLimits.DEFAULT_MAX_BYTES,
            description = "Largest encoded image accepted, in bytes (default: ${DEFAULT-VALUE}).")
    long maxBytes;

    @Option(names = "--max-pixels", defaultValue = "" + ImageLimits.DEFAULT_MAX_PIXELS,
            description = "Largest width x height accepted (default: ${DEFAULT-VALUE}).")
    long maxPixels;

    /** @throws IllegalArgumentException for a limit that is not positive */
    public ImageLimits limits() {
        return new ImageLimits(maxBytes, maxPixels);
    }
}
