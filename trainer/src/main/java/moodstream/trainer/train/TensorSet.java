package moodstream.trainer.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import moodstream.core.face.CropRegion;
import moodstream.core.image.PreprocessedImage;
import moodstream.core.image.PreprocessingSpec;
import moodstream.trainer.data.LabelledImage;

/**
 * One split in memory: the images, their preprocessed tensors (CHW floats), label indices and,
 * for a model that crops faces, the face each tensor was cut from (empty: the whole image was
 * used) and whether the tensor is for the card's fallback model instead ({@code noFace: fallback}),
 * index-aligned.
 */
public record TensorSet(List<String> labels, PreprocessingSpec spec, List<LabelledImage> images, List<float[]> pixels, int[] targets,
                        List<Optional<CropRegion>> faces, List<Boolean> fallbacks) {
    public TensorSet {
        if (images.size() != pixels.size() || pixels.size() != targets.length || faces.size() != targets.length
                || fallbacks.size() != targets.length) {
            throw new IllegalArgumentException("images, tensors, targets, faces and fallbacks differ in length");
        }
    }

    /** Of whole images: no face crops. */
    public TensorSet(List<String> labels, PreprocessingSpec spec, List<LabelledImage> images, List<float[]> pixels, int[] targets) {
        this(labels, spec, images, pixels, targets, new ArrayList<>(Collections.nCopies(targets.length, Optional.empty())),
                new ArrayList<>(Collections.nCopies(targets.length, false)));
    }

    /** Image {@code i} as the classifier takes it. */
    public PreprocessedImage input(int i) {
        return new PreprocessedImage(images.get(i).info(), pixels.get(i), faces.get(i).orElse(null), fallbacks.get(i));
    }

    /** {@link PreprocessedImage#path()} of image {@code i}. */
    public String path(int i) {
        return input(i).path();
    }

    public int size() {
        return targets.length;
    }
}
