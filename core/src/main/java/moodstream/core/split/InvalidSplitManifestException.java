package moodstream.core.split;

/** A split file that is missing, unreadable or not in moodstream's format; the message names the file and the fix. */
public final class InvalidSplitManifestException extends RuntimeException {
    public InvalidSplitManifestException(String message) {
        super(message);
    }

    public InvalidSplitManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
