package moodstream.core.image;

import moodstream.core.face.CropRegion;

/**
 * One image ready for the model: {@code pixels} holds channels x height x width
 * floats in [0,1], channel planes in RGB order (or one gray plane).
 *
 * @param face the face crop the pixels were cut from, in the coordinates of the whole
 *             (orientation-corrected) image; null when the model does not crop faces or
 *             none was found and the whole image was used
 */
public record PreprocessedImage(ImageInfo info, float[] pixels, CropRegion face) {
    /** Of the whole image, no face crop. */
    public PreprocessedImage(ImageInfo info, float[] pixels) {
        this(info, pixels, null);
    }
}
