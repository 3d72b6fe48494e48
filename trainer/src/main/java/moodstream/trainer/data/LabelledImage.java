package moodstream.trainer.data;

import java.nio.file.Path;
import moodstream.core.image.ImageInfo;

/** One usable image of the data set and its label. */
public record LabelledImage(Path path, String relativePath, String label, String sha256, ImageInfo info) {
}
