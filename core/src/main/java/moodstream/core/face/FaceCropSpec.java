package moodstream.core.face;

import java.util.Objects;

/**
 * The face step of a model card's preprocessing: which detector, with which settings, how
 * the crop is cut, and what an image without a face becomes. Training and serving read the
 * same record, so a model is never fed crops cut differently from those it learnt on.
 *
 * @param detector the detector and its version, {@link #DETECTOR_OPENCV_CASCADE}: the cascades
 *                 ship with OpenCV, and another OpenCV may find other boxes
 * @param settings the detector's settings
 * @param margin   see {@link FaceCrop#margin()}
 * @param aspect   see {@link FaceCrop#aspect()}; the model input's width / height
 * @param noFace   {@link #NO_FACE_WHOLE_IMAGE} (this model on the uncropped image),
 *                 {@link #NO_FACE_DEAD_LETTER} (refuse the image as NO_FACE) or
 *                 {@link #NO_FACE_FALLBACK} (the whole image through the card's fallback model)
 */
public record FaceCropSpec(String detector, FaceDetectorSettings settings, double margin, double aspect, String noFace) {
    public static final String DETECTOR_OPENCV_CASCADE = "opencv-4.5.5-cascade";
    public static final String NO_FACE_WHOLE_IMAGE = "whole-image";
    public static final String NO_FACE_DEAD_LETTER = "dead-letter";
    /** The model card names a second, whole-image model for images without a face ({@code ModelCard#fallback}). */
    public static final String NO_FACE_FALLBACK = "fallback";

    public FaceCropSpec {
        if (!DETECTOR_OPENCV_CASCADE.equals(detector)) {
            throw new IllegalArgumentException("face detector '" + detector + "' is not implemented by this version (known: '"
                    + DETECTOR_OPENCV_CASCADE + "'); upgrade moodstream or re-export the model");
        }
        Objects.requireNonNull(settings, "face crop needs the detector settings");
        new FaceCrop(margin, aspect); // the same checks as the crop itself
        if (!NO_FACE_WHOLE_IMAGE.equals(noFace) && !NO_FACE_DEAD_LETTER.equals(noFace) && !NO_FACE_FALLBACK.equals(noFace)) {
            throw new IllegalArgumentException("noFace must be '" + NO_FACE_WHOLE_IMAGE + "', '" + NO_FACE_DEAD_LETTER + "' or '"
                    + NO_FACE_FALLBACK + "', got '" + noFace + "' (a newer moodstream's card? upgrade moodstream)");
        }
    }

    /** The same crop with another answer for images without a face; it changes no tensor of an image with one. */
    public FaceCropSpec withNoFace(String noFace) {
        return new FaceCropSpec(detector, settings, margin, aspect, noFace);
    }

    public FaceCrop crop() {
        return new FaceCrop(margin, aspect);
    }
}
