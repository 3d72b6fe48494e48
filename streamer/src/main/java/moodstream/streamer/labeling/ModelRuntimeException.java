package moodstream.streamer.labeling;

/**
 * The model runtime itself is failing (a closed or broken ONNX session, a CUDA error, out of
 * memory), not one image. It is thrown out of the stream thread on purpose: this instance stops
 * and its records stay uncommitted, for a healthy instance or a restart to label, instead of
 * every image becoming a dead letter.
 */
public final class ModelRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ModelRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
