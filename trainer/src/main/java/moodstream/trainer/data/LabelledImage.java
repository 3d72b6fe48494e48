package moodstream.trainer.data;

import java.nio.file.Path;
import java.util.Objects;
import moodstream.core.image.ImageInfo;

/**
 * One usable training image.
 *
 * @param path         absolute path of the file
 * @param relativePath path relative to the data root with '/' separators, e.g. {@code happy/a.jpg};
 *                     the stable id used in split files and reports
 * @param label        the class, i.e. the name of the label folder under the data root
 * @param sha256       lower-case hex SHA-256 of the file's bytes
 * @param info         format and size as read by core's {@code ImageDecoder}
 */
public record LabelledImage(Path path, String relativePath, String label, String sha256, ImageInfo info) {
    public LabelledImage {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(info, "info");
    }
}
