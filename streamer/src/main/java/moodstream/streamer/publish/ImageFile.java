package moodstream.streamer.publish;

import java.nio.file.Path;
import java.util.Optional;
import moodstream.core.image.ImageFormat;

/**
 * One file to publish.
 *
 * @param path   where it is
 * @param key    the record key: its path relative to the folder or glob base it was found under
 *               (or its name, when it was named on its own), always with {@code /} separators
 * @param format the image format its first bytes show, empty when they show none
 */
public record ImageFile(Path path, String key, Optional<ImageFormat> format) {
    public static final String OCTET_STREAM = "application/octet-stream";

    /** The {@code content-type} header it is sent with: the format's media type, or application/octet-stream. */
    public String contentType() {
        return format.map(ImageFormat::mediaType).orElse(OCTET_STREAM);
    }
}
