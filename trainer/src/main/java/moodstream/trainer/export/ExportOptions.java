package moodstream.trainer.export;

import java.util.Map;
import java.util.Objects;

/**
 * How a network is written as ONNX.
 *
 * <p>The input shape is passed in because a DL4J configuration knows the channel count of its
 * first layer but not the image height and width, and the exporter needs both to compute
 * Same-mode padding explicitly.
 *
 * @param inputName name of the graph input, float32 {@code [batch, channels, height, width]}
 * @param outputName name of the graph output, float32 {@code [batch, nOut]}
 * @param opset ONNX default-domain opset; at least {@value #MIN_OPSET}
 * @param channels input channels (NCHW, without the batch dimension)
 * @param height input height
 * @param width input width
 * @param metadata written to the model's {@code metadata_props} in iteration order
 */
public record ExportOptions(
        String inputName,
        String outputName,
        int opset,
        int channels,
        int height,
        int width,
        Map<String, String> metadata) {

    public static final String DEFAULT_INPUT_NAME = "image";
    public static final String DEFAULT_OUTPUT_NAME = "scores";
    public static final int DEFAULT_OPSET = 17;
    /** The operator versions the exporter emits (Softmax-13 axis semantics, LeakyRelu-16, ...). */
    public static final int MIN_OPSET = 17;

    public ExportOptions {
        Objects.requireNonNull(inputName, "inputName");
        Objects.requireNonNull(outputName, "outputName");
        Objects.requireNonNull(metadata, "metadata");
        if (inputName.isBlank() || outputName.isBlank()) {
            throw new IllegalArgumentException("input and output names must not be blank");
        }
        if (inputName.equals(outputName)) {
            throw new IllegalArgumentException("input and output names must differ: " + inputName);
        }
        if (opset < MIN_OPSET) {
            throw new IllegalArgumentException(
                    "opset " + opset + " is not supported: the exporter needs opset >= " + MIN_OPSET);
        }
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(
                    "input shape must be positive, got [" + channels + ", " + height + ", " + width + "]");
        }
        // A copy that keeps the caller's order, so the written metadata is reproducible.
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }

    /** Default names and opset, no metadata. */
    public static ExportOptions forInput(int channels, int height, int width) {
        return new ExportOptions(
                DEFAULT_INPUT_NAME, DEFAULT_OUTPUT_NAME, DEFAULT_OPSET, channels, height, width, Map.of());
    }

    public ExportOptions withMetadata(Map<String, String> newMetadata) {
        return new ExportOptions(inputName, outputName, opset, channels, height, width, newMetadata);
    }

    public ExportOptions withOpset(int newOpset) {
        return new ExportOptions(inputName, outputName, newOpset, channels, height, width, metadata);
    }

    public ExportOptions withNames(String newInputName, String newOutputName) {
        return new ExportOptions(newInputName, newOutputName, opset, channels, height, width, metadata);
    }
}
