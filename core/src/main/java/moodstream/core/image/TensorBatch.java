package moodstream.core.image;

import java.util.List;

/**
 * The batching step, written once for training (DL4J) and serving (ONNX Runtime): preprocessed
 * images, each a CHW tensor of the spec's size, stacked into one NCHW array in order.
 *
 * @param data  the images one after the other, row-major (C order)
 * @param shape {@code [n, channels, height, width]}
 */
public record TensorBatch(float[] data, long[] shape) {
    public static TensorBatch stack(List<float[]> images, PreprocessingSpec spec) {
        int size = spec.tensorSize();
        float[] data = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            float[] image = images.get(i);
            if (image.length != size) {
                throw new IllegalArgumentException("image " + i + " of the batch has " + image.length + " floats, the model takes "
                        + size + " (" + spec.channels() + "x" + spec.height() + "x" + spec.width() + ")");
            }
            System.arraycopy(image, 0, data, i * size, size);
        }
        return new TensorBatch(data, new long[] {images.size(), spec.channels(), spec.height(), spec.width()});
    }

    /** How many images. */
    public int count() {
        return (int) shape[0];
    }
}
