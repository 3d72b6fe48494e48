package moodstream.trainer.data;

/**
 * A problem with the data the user pointed us at (a missing folder, too few classes, a
 * class left empty, a split file that no longer matches the files). The message names
 * the input and says what to do; it is meant to be shown to the user as is.
 */
public class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
