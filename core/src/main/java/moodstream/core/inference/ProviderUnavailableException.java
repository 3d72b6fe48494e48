package moodstream.core.inference;

/** The requested execution provider is not available in this ONNX Runtime build or on this host. */
public final class ProviderUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProviderUnavailableException(String message) {
        super(message);
    }
}
