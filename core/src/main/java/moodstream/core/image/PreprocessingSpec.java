package moodstream.core.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import moodstream.core.face.FaceCropSpec;

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
 * @param crop       {@link #CROP_NONE} (the whole image) or {@link #CROP_FACE} (around the largest
 *                   face, as {@code face} says); cards written before the field existed mean none
 * @param face       the face step when {@code crop} is face, absent otherwise
 */
public record PreprocessingSpec(int width, int height, int channels, String resize, String background, String layout,
                                String crop, @JsonInclude(JsonInclude.Include.NON_NULL) FaceCropSpec face) {
    /** Area averaging when shrinking, bilinear when enlarging; values scaled to [0,1]. */
    public static final String RESIZE_AREA = "stretch-area-bilinear";
    public static final String BACKGROUND_WHITE = "white";
    public static final String LAYOUT_NCHW = "NCHW";
    public static final String CROP_NONE = "none";
    public static final String CROP_FACE = "face";

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
        if (crop == null) {
            crop = CROP_NONE;
        }
        if (crop.equals(CROP_NONE) && face != null) {
            throw new IllegalArgumentException("preprocessing crop 'none' takes no face settings");
        }
        if (crop.equals(CROP_FACE) && face == null) {
            throw new IllegalArgumentException("preprocessing crop 'face' needs the face settings (detector, margin, ...)");
        }
        if (!crop.equals(CROP_NONE) && !crop.equals(CROP_FACE)) {
            throw new IllegalArgumentException("preprocessing crop '" + crop + "' is not implemented by this version"
                    + " (known: 'none', 'face'); upgrade moodstream or re-export the model");
        }
    }

    /** The whole image, as every card before the crop field. */
    public PreprocessingSpec(int width, int height, int channels, String resize, String background, String layout) {
        this(width, height, channels, resize, background, layout, CROP_NONE, null);
    }

    public static PreprocessingSpec of(int width, int height, int channels) {
        return new PreprocessingSpec(width, height, channels, RESIZE_AREA, BACKGROUND_WHITE, LAYOUT_NCHW);
    }

    /** This spec with the face crop step. */
    public PreprocessingSpec withFaceCrop(FaceCropSpec faceCrop) {
        return new PreprocessingSpec(width, height, channels, resize, background, layout, CROP_FACE, faceCrop);
    }

    /**
     * This spec with another {@link FaceCropSpec#noFace()}: a serving choice, since it changes no
     * tensor of an image with a face, only whether one without is labelled whole, by the fallback
     * model, or refused.
     *
     * @throws IllegalArgumentException for a spec that does not crop faces, or an unknown value
     */
    public PreprocessingSpec withNoFace(String noFace) {
        if (!cropsFaces()) {
            throw new IllegalArgumentException("--no-face applies only to a model that crops faces; this one's card says crop '"
                    + crop + "': leave --no-face out");
        }
        if (!FaceCropSpec.NO_FACE_WHOLE_IMAGE.equals(noFace) && !FaceCropSpec.NO_FACE_DEAD_LETTER.equals(noFace)
                && !FaceCropSpec.NO_FACE_FALLBACK.equals(noFace)) {
            throw new IllegalArgumentException("--no-face must be " + FaceCropSpec.NO_FACE_WHOLE_IMAGE + ", "
                    + FaceCropSpec.NO_FACE_DEAD_LETTER + " or " + FaceCropSpec.NO_FACE_FALLBACK + ", got '" + noFace + "'");
        }
        return withFaceCrop(face.withNoFace(noFace));
    }

    public boolean cropsFaces() {
        return CROP_FACE.equals(crop);
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
