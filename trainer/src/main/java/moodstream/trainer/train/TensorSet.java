package moodstream.trainer.train;

import java.util.List;
import moodstream.core.image.PreprocessingSpec;
import moodstream.trainer.data.LabelledImage;

/**
 * One split in memory: the images, their preprocessed tensors (CHW floats) and label
 * indices, index-aligned.
 */
public record TensorSet(List<String> labels, PreprocessingSpec spec, List<LabelledImage> images, List<float[]> pixels, int[] targets) {
    public TensorSet {
        if (images.size() != pixels.size() || pixels.size() != targets.length) {
            throw new IllegalArgumentException("images, tensors and targets differ in length");
        }
    }

    public int size() {
        return targets.length;
    }
}
