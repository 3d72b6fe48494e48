package moodstream.core.image;

/**
 * Bounds checked before any pixel is decoded, so one hostile or oversized
 * message cannot exhaust the heap: the byte count first, then the header's
 * width times height, then each side against {@link #MAX_SIDE}.
 * {@link ImageDecoder} states the memory budget these bounds buy.
 */
public record ImageLimits(long maxBytes, long maxPixels) {
    /**
     * The longest side decoded, in pixels: 65,535, the most a JPEG or GIF header can declare.
     *
     * <p>Why a side limit under the pixel limit: readers decode row by row, and the PNG and BMP
     * readers hold whole rows however much they subsample. The PNG reader keeps three (current,
     * previous, and the row as a raster), so a 49,000,000x1 PNG, 143 KB on the wire and under
     * 50 megapixels, cost 441 MB of row buffers; at this side limit the worst row (16-bit RGBA,
     * 8 bytes a pixel) costs 3 x 512 KiB. Height is limited too because each row costs the PNG
     * reader a fixed time whatever its width: 1x49,000,000 took 4 s. No photo comes near either
     * side; a panorama past 65,535 pixels is past the pixel limit too unless it is a strip.
     * Not a setting: it is what the memory budget is derived from.
     */
    public static final int MAX_SIDE = 65_535;

    /**
     * 10 MiB: a full-size phone photo passes, and an accepted image still fits a Kafka message of
     * the sizes docs/messages.md sets up (the streamer's producer and the topics), with its headers.
     * One default for training and serving, so a model is never trained on images the streamer refuses.
     */
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;

    /** 50 megapixels: above any phone or camera photo, far below a decompression bomb. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    public static final ImageLimits DEFAULT = new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS);

    public ImageLimits {
        if (maxBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("image limits must be positive, got maxBytes=" + maxBytes + " maxPixels=" + maxPixels);
        }
    }
}
