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
 */
public record PreprocessedImage(ImageInfo info, float[] pixels, CropRegion face, boolean fallback) {
    /** {@link #path()} of a face crop. */
    public static final String PATH_FACE = "face";
    /** {@link #path()} of the whole image through the model itself. */
    public static final String PATH_WHOLE_IMAGE = "whole-image";
    /** {@link #path()} of the whole image through the card's fallback model. */
    public static final String PATH_FALLBACK = "fallback";

    public PreprocessedImage {
        if (fallback && face != null) {
            throw new IllegalArgumentException("a fallback input is the whole image: it has no face crop");
        }
    }

    /** Of the whole image, no face crop. */
    public PreprocessedImage(ImageInfo info, float[] pixels) {
        this(info, pixels, null, false);
    }

    /** For the model itself: a face crop, or the whole image when {@code face} is null. */
    public PreprocessedImage(ImageInfo info, float[] pixels, CropRegion face) {
        this(info, pixels, face, false);
    }

    /** Which way the image went: {@link #PATH_FACE}, {@link #PATH_WHOLE_IMAGE} or {@link #PATH_FALLBACK}. */
    public String path() {
        return face != null ? PATH_FACE : fallback ? PATH_FALLBACK : PATH_WHOLE_IMAGE;
    }
}
