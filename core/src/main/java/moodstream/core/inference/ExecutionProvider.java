package moodstream.core.inference;

import java.util.Locale;

/** Where ONNX Runtime runs the model. */
public enum ExecutionProvider {
    CPU,
    CUDA,
    /** CUDA when ONNX Runtime reports it, the CPU otherwise. */
    AUTO;

    /** Parses "cpu", "cuda" or "auto", case-insensitively, with an error that lists the choices. */
    public static ExecutionProvider parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown execution provider '" + value + "': use cpu, cuda or auto");
        }
    }
}
