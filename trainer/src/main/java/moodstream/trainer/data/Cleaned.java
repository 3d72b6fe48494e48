package moodstream.trainer.data;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import moodstream.core.image.PreprocessedImage;

/**
 * What a clean through a model's preprocessing gives: the report, and the tensor of every kept
 * image, made while judging it, so later steps need not decode the file again.
 *
 * @param tensors by the kept image's path; empty when the cleaner had no preprocessor
 */
public record Cleaned(CleanReport report, Map<Path, PreprocessedImage> tensors) {
    public Cleaned {
        tensors = Map.copyOf(tensors);
    }

    public Optional<PreprocessedImage> tensor(LabelledImage image) {
        return Optional.ofNullable(tensors.get(image.path()));
    }
}
