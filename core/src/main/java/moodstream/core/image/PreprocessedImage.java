package moodstream.core.image;

import moodstream.core.face.CropRegion;

/**
 * One image ready for the model: {@code pixels} holds channels x height x width
 * floats in [0,1], channel planes in RGB order (or one gray plane).
 *
 * @param face     the face crop the pixels were cut from, in the coordinates of the whole
 *                 (orientation-corrected) image; null when the model does not crop faces or
 *                 none was found and the whole image was used
 * @param fallback true when no face was found and the pixels are the whole image for the model
 *                 card's fallback model, in that model's input shape, not the face model's
 * @param scene    with a face crop, the whole image for the card's fallback model too, when the
 *                 card blends the two on photos ({@code fallback.blendFaces}); null otherwise
 */
public record PreprocessedImage(ImageInfo info, float[] pixels, CropRegion face, boolean fallback, float[] scene) {
    /** {@link #path()} of a face crop. */
    public static final String PATH_FACE = "face";
    /** {@link #path()} of a face crop and the whole image, through the model and its fallback, averaged. */
    public static final String PATH_FACE_AND_FALLBACK = "face+fallback";
    /** {@link #path()} of the whole image through the model itself. */
    public static final String PATH_WHOLE_IMAGE = "whole-image";
    /** {@link #path()} of the whole image through the card's fallback model. */
    public static final String PATH_FALLBACK = "fallback";

    public PreprocessedImage {
        if (fallback && face != null) {
            throw new IllegalArgumentException("a fallback input is the whole image: it has no face crop");
        }
        if (scene != null && face == null) {
            throw new IllegalArgumentException("the fallback's view of the scene goes with a face crop only");
        }
    }

    /** Without the scene: the model itself, or the fallback alone. */
    public PreprocessedImage(ImageInfo info, float[] pixels, CropRegion face, boolean fallback) {
        this(info, pixels, face, fallback, null);
    }

    /** Of the whole image, no face crop. */
    public PreprocessedImage(ImageInfo info, float[] pixels) {
        this(info, pixels, null, false);
    }

    /** For the model itself: a face crop, or the whole image when {@code face} is null. */
    public PreprocessedImage(ImageInfo info, float[] pixels, CropRegion face) {
        this(info, pixels, face, false);
    }

    /** A face crop for the model itself, seen whole by the fallback too. */
    public PreprocessedImage withScene(float[] fallbackPixels) {
        return new PreprocessedImage(info, pixels, face, false, fallbackPixels);
    }

    /**
     * Which way the image went: {@link #PATH_FACE}, {@link #PATH_FACE_AND_FALLBACK},
     * {@link #PATH_WHOLE_IMAGE} or {@link #PATH_FALLBACK}.
     */
    public String path() {
        if (face != null) {
            return scene != null ? PATH_FACE_AND_FALLBACK : PATH_FACE;
        }
        return fallback ? PATH_FALLBACK : PATH_WHOLE_IMAGE;
    }
}
