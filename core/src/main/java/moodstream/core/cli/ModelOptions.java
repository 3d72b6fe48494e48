package moodstream.core.cli;

import java.nio.file.Path;
import moodstream.core.inference.InferenceOptions;
import moodstream.core.inference.ShippedModel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which model to run and how: {@code --model} and the {@link RuntimeOptions} (a picocli mixin). */
public final class ModelOptions {
    @Option(names = "--model", defaultValue = ShippedModel.OPTION_DEFAULT,
            description = "The ONNX model (default: the one shipped in models/default, ${DEFAULT-VALUE}).")
    Path model;

    @Mixin
    RuntimeOptions runtime = new RuntimeOptions();

    public Path model() {
        return model;
    }

    public InferenceOptions inference() {
        return runtime.inference();
    }
}
