package moodstream.core.card;

/** A model whose card is missing, unreadable or inconsistent with the network. */
public final class InvalidModelCardException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidModelCardException(String message) {
        super(message);
    }

    public InvalidModelCardException(String message, Throwable cause) {
        super(message, cause);
    }
}
