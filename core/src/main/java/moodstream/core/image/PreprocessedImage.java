package moodstream.core.image;

/**
 * One image ready for the model: {@code pixels} holds channels x height x width
 * floats in [0,1], channel planes in RGB order (or one gray plane).
 */
public record PreprocessedImage(ImageInfo info, float[] pixels) {
}
