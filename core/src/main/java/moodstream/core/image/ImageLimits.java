package moodstream.core.image;

/**
 * Bounds checked before any pixel is decoded, so one hostile or oversized
 * message cannot exhaust the heap: the byte count first, then the header's
 * width times height.
 */
public record ImageLimits(long maxBytes, long maxPixels) {
    /** 20 MB and 50 megapixels: a full-size phone photo passes, a decompression bomb does not. */
    public static final ImageLimits DEFAULT = new ImageLimits(20L * 1024 * 1024, 50_000_000L);

    public ImageLimits {
        if (maxBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("image limits must be positive, got maxBytes=" + maxBytes + " maxPixels=" + maxPixels);
        }
    }
}
