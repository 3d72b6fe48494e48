package moodstream.trainer.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A file the cleaner did not keep, and why.
 *
 * @param path         where the file is now: its quarantine location if it was moved there,
 *                     otherwise where it was found
 * @param relativePath where it was found, relative to the data root ('/' separators)
 * @param label        the label folder it was found in; empty for files directly in the data root
 * @param reason       the category, also the quarantine sub-folder
 * @param detail       the specific cause, e.g. the decoder's message or the name of the kept copy
 */
public record Rejection(Path path, String relativePath, String label, Reason reason, String detail) {
    public Rejection {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    Rejection movedTo(Path newPath) {
        return new Rejection(newPath, relativePath, label, reason, detail);
    }

    public enum Reason {
        NOT_AN_IMAGE("not an image"),
        UNSUPPORTED_FORMAT("unsupported image format"),
        CORRUPT("truncated or corrupt"),
        TOO_LARGE("over the byte, pixel or side limit"),
        TOO_SMALL("too small"),
        UNREADABLE("unreadable"),
        DUPLICATE("duplicate within its class"),
        LABEL_CONFLICT("same image under several labels"),
        NO_FACE("no face found (the model dead-letters those)"),
        NOT_IN_LABEL_FOLDER("not in a label folder");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        /** The quarantine sub-folder: {@code not_an_image}, {@code duplicate}, ... */
        public String folderName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
