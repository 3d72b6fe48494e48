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
 * used), whether the tensor is for the card's fallback model instead ({@code noFace: fallback}) and
 * the fallback's tensor of the whole photo when the card blends the two ({@code blendFaces}),
 * index-aligned.
 */
public record TensorSet(List<String> labels, PreprocessingSpec spec, List<LabelledImage> images, List<float[]> pixels, int[] targets,
                        List<Optional<CropRegion>> faces, List<Boolean> fallbacks, List<Optional<float[]>> scenes) {
    public TensorSet {
        if (images.size() != pixels.size() || pixels.size() != targets.length || faces.size() != targets.length
                || fallbacks.size() != targets.length || scenes.size() != targets.length) {
            throw new IllegalArgumentException("images, tensors, targets, faces, fallbacks and scenes differ in length");
        }
    }

    /** Of whole images: no face crops. */
    public TensorSet(List<String> labels, PreprocessingSpec spec, List<LabelledImage> images, List<float[]> pixels, int[] targets) {
        this(labels, spec, images, pixels, targets, new ArrayList<>(Collections.nCopies(targets.length, Optional.empty())),
                new ArrayList<>(Collections.nCopies(targets.length, false)),
                new ArrayList<>(Collections.nCopies(targets.length, Optional.empty())));
    }

    /** The images at {@code indices}, in that order. */
    public TensorSet subset(int[] indices) {
        List<float[]> p = new ArrayList<>(indices.length);
        List<LabelledImage> im = new ArrayList<>(indices.length);
        List<Optional<CropRegion>> f = new ArrayList<>(indices.length);
        List<Boolean> fb = new ArrayList<>(indices.length);
        List<Optional<float[]>> sc = new ArrayList<>(indices.length);
        int[] t = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            p.add(pixels.get(indices[i]));
            im.add(images.get(indices[i]));
            f.add(faces.get(indices[i]));
            fb.add(fallbacks.get(indices[i]));
            sc.add(scenes.get(indices[i]));
            t[i] = targets[indices[i]];
        }
        return new TensorSet(labels, spec, im, p, t, f, fb, sc);
    }

    /** Image {@code i} as the classifier takes it. */
    public PreprocessedImage input(int i) {
        return new PreprocessedImage(images.get(i).info(), pixels.get(i), faces.get(i).orElse(null), fallbacks.get(i),
                scenes.get(i).orElse(null));
    }

    /** {@link PreprocessedImage#path()} of image {@code i}. */
    public String path(int i) {
        return input(i).path();
    }

    public int size() {
        return targets.length;
    }
}
