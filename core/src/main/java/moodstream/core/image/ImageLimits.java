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

    /** 20 MB and 50 megapixels: a full-size phone photo passes, a decompression bomb does not. */
    public static final ImageLimits DEFAULT = new ImageLimits(20L * 1024 * 1024, 50_000_000L);

    public ImageLimits {
        if (maxBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("image limits must be positive, got maxBytes=" + maxBytes + " maxPixels=" + maxPixels);
        }
    }
}
