package moodstream.core.image;

/** An input that cannot be classified, with a stable {@link ImageError} code. */
public final class InvalidImageException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ImageError error;

    public InvalidImageException(ImageError error, String message) {
        this(error, message, null);
    }

    public InvalidImageException(ImageError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public ImageError error() {
        return error;
    }
}
