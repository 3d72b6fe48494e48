package moodstream.core.cli;

import java.nio.file.Path;
import java.util.Optional;
import moodstream.core.inference.InferenceOptions;
import moodstream.core.inference.ShippedModel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which model to run and how: {@code --model}, {@code --no-face} and the {@link RuntimeOptions}
 * (a picocli mixin).
 */
public final class ModelOptions {
    @Option(names = "--model", defaultValue = ShippedModel.OPTION_DEFAULT,
            description = "The ONNX model (default: the one shipped in models/default, ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--no-face", paramLabel = "whole-image|dead-letter|fallback",
            description = {"For a model that crops faces: label an image where no face is found from the whole image, "
                    + "refuse it as NO_FACE (a dead letter on a stream), or label it with the fallback model its card names"
                    + " (default: what the model card says)."})
    String noFace;

    @Mixin
    RuntimeOptions runtime = new RuntimeOptions();

    public Path model() {
        return model;
    }

    /** {@code --no-face}, if given; checked against the model when the classifier is made. */
    public Optional<String> noFace() {
        return Optional.ofNullable(noFace);
    }

    public InferenceOptions inference() {
        return runtime.inference();
    }
}
