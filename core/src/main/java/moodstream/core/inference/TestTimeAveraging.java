package moodstream.core.inference;

import java.util.ArrayList;
import java.util.List;
import moodstream.core.card.TestTimeAugmentation;
import moodstream.core.image.PreprocessingSpec;

/**
 * Runs the network as a {@link TestTimeAugmentation} says and returns one output row per image.
 * For {@code HFLIP} each image is followed by its mirror in the same ONNX Runtime batch and the
 * two rows are averaged, before any decision rule sees them, so the threshold applies to the mean
 * probability. This is the only place that happens: {@link ImageClassifier} calls it, and
 * predict, evaluate, the trainer's test evaluation and the streamer all classify through
 * {@link ImageClassifier}.
 */
public final class TestTimeAveraging {
    private final TestTimeAugmentation augmentation;
    private final PreprocessingSpec spec;

    public TestTimeAveraging(TestTimeAugmentation augmentation, PreprocessingSpec spec) {
        this.augmentation = augmentation;
        this.spec = spec;
    }

    public TestTimeAugmentation augmentation() {
        return augmentation;
    }

    /** One call to the model for the whole list; row i belongs to image i. */
    public float[][] run(OnnxModel model, List<float[]> images) {
        if (augmentation == TestTimeAugmentation.NONE) {
            return model.run(images);
        }
        // Image and mirror side by side in one batch: one ONNX Runtime call, not two, whatever the list's length.
        List<float[]> both = new ArrayList<>(2 * images.size());
        for (float[] image : images) {
            both.add(image);
            both.add(mirror(image, spec));
        }
        float[][] rows = model.run(both);
        float[][] averaged = new float[images.size()][];
        for (int i = 0; i < averaged.length; i++) {
            float[] plain = rows[2 * i];
            float[] mirrored = rows[2 * i + 1];
            float[] mean = new float[plain.length];
            for (int k = 0; k < mean.length; k++) {
                mean[k] = (float) ((plain[k] + (double) mirrored[k]) / 2);
            }
            averaged[i] = mean;
        }
        return averaged;
    }

    /**
     * The left-right mirror of a preprocessed CHW tensor: in every plane, column x becomes
     * column width-1-x. It works on the tensor, not on the decoded image, so the mirror is
     * exactly the tensor the training flip makes, whatever the resizer does at the edges.
     */
    public static float[] mirror(float[] chw, PreprocessingSpec spec) {
        int w = spec.width();
        int rows = spec.channels() * spec.height();
        if (chw.length != rows * w) {
            throw new IllegalArgumentException("an image tensor has " + chw.length + " floats, the model takes " + rows * w);
        }
        float[] out = new float[chw.length];
        for (int r = 0; r < rows; r++) {
            int start = r * w;
            for (int x = 0; x < w; x++) {
                out[start + x] = chw[start + w - 1 - x];
            }
        }
        return out;
    }
}
