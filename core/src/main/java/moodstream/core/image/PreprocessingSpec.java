package moodstream.core.image;

import java.util.Objects;

/**
 * How an image becomes the model's input tensor. It is stored in the model card,
 * so a served model is fed exactly as it was trained.
 *
 * @param width      model input width in pixels
 * @param height     model input height in pixels
 * @param channels   3 (RGB planes, in that order) or 1 (luma)
 * @param resize     the resampling rule; only {@link #RESIZE_AREA} exists today
 * @param background what transparent pixels are composited onto; only {@link #BACKGROUND_WHITE}
 * @param layout     tensor layout; only {@link #LAYOUT_NCHW}
 */
public record PreprocessingSpec(int width, int height, int channels, String resize, String background, String layout) {
    /** Area averaging when shrinking, bilinear when enlarging; values scaled to [0,1]. */
    public static final String RESIZE_AREA = "stretch-area-bilinear";
    public static final String BACKGROUND_WHITE = "white";
    public static final String LAYOUT_NCHW = "NCHW";

    public PreprocessingSpec {
        if (width < 8 || height < 8 || width > 4096 || height > 4096) {
            throw new IllegalArgumentException("input size must be between 8 and 4096 pixels, got " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (gray) or 3 (RGB), got " + channels);
        }
        requireKnown("resize", resize, RESIZE_AREA);
        requireKnown("background", background, BACKGROUND_WHITE);
        requireKnown("layout", layout, LAYOUT_NCHW);
    }

    public static PreprocessingSpec of(int width, int height, int channels) {
        return new PreprocessingSpec(width, height, channels, RESIZE_AREA, BACKGROUND_WHITE, LAYOUT_NCHW);
    }

    /** Floats in one preprocessed image. */
    public int tensorSize() {
        return channels * height * width;
    }

    private static void requireKnown(String field, String value, String known) {
        if (!Objects.equals(value, known)) {
            throw new IllegalArgumentException("preprocessing " + field + " '" + value + "' is not implemented by this version"
                    + " (known: '" + known + "'); upgrade moodstream or re-export the model");
        }
    }
}
