package moodstream.trainer.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import moodstream.core.face.CropRegion;
import moodstream.core.image.ImagePreprocessor;
import moodstream.core.image.PreprocessedImage;
import moodstream.core.image.InvalidImageException;
import moodstream.trainer.data.DatasetException;
import moodstream.trainer.data.LabelledImage;

/**
 * Scales a split through core's preprocessing (the serving path), in parallel, keeping order.
 * Images whose tensor the cleaner already made (it judged them through the same preprocessor) are
 * not read or decoded again.
 */
public final class TensorLoader {
    private final ImagePreprocessor preprocessor;
    private final List<String> labels;
    private final Map<Path, PreprocessedImage> known;

    public TensorLoader(ImagePreprocessor preprocessor, List<String> labels) {
        this(preprocessor, labels, Map.of());
    }

    /** @param known tensors made by this same preprocessor, by image path */
    public TensorLoader(ImagePreprocessor preprocessor, List<String> labels, Map<Path, PreprocessedImage> known) {
        this.preprocessor = preprocessor;
        this.labels = List.copyOf(labels);
        this.known = Map.copyOf(known);
    }

    public TensorSet load(List<LabelledImage> images) {
        PreprocessedImage[] done = new PreprocessedImage[images.size()];
        int[] targets = new int[images.size()];
        IntStream.range(0, images.size()).parallel().forEach(i -> {
            LabelledImage image = images.get(i);
            int target = labels.indexOf(image.label());
            if (target < 0) {
                throw new DatasetException("image " + image.relativePath() + " has label '" + image.label()
                        + "', which the model does not know (labels: " + labels + ")");
            }
            targets[i] = target;
            done[i] = preprocess(image);
        });
        List<float[]> pixels = new ArrayList<>(done.length);
        List<Optional<CropRegion>> faces = new ArrayList<>(done.length);
        List<Boolean> fallbacks = new ArrayList<>(done.length);
        List<Optional<float[]>> scenes = new ArrayList<>(done.length);
        for (PreprocessedImage p : done) {
            pixels.add(p.pixels());
            faces.add(Optional.ofNullable(p.face()));
            fallbacks.add(p.fallback());
            scenes.add(Optional.ofNullable(p.scene()));
        }
        return new TensorSet(labels, preprocessor.spec(), List.copyOf(images), pixels, targets, faces, fallbacks, scenes);
    }

    private PreprocessedImage preprocess(LabelledImage image) {
        PreprocessedImage cached = known.get(image.path());
        if (cached != null) {
            return cached;
        }
        try {
            return preprocessor.preprocess(Files.readAllBytes(image.path()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + image.path() + " (it was readable when cleaned)", e);
        } catch (InvalidImageException e) {
            throw new DatasetException(image.path() + " changed since it was cleaned: " + e.getMessage());
        }
    }
}
