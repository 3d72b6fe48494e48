package moodstream.core.cli;

import moodstream.core.inference.ExecutionProvider;
import moodstream.core.inference.InferenceOptions;
import picocli.CommandLine.Option;

/** How ONNX Runtime runs a model: {@code --provider}, {@code --cuda-device}, {@code --intra-op-threads} (a picocli mixin). */
public final class RuntimeOptions {
    @Option(names = "--provider", defaultValue = "auto",
            description = "ONNX Runtime execution provider: cpu, cuda, or auto (CUDA when ONNX Runtime offers it, else the CPU)"
                    + " (default: ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--cuda-device", defaultValue = "0", description = "GPU index for CUDA (default: ${DEFAULT-VALUE}).")
    int cudaDevice;

    @Option(names = "--intra-op-threads", defaultValue = "1",
            description = "ONNX Runtime threads per inference call; 0 lets it use every core (default: ${DEFAULT-VALUE}: the"
                    + " streamer's threads and other work share the cores).")
    int intraOpThreads;

    /** @throws IllegalArgumentException for an unknown provider, naming the allowed ones */
    public InferenceOptions inference() {
        return new InferenceOptions(ExecutionProvider.parse(provider), intraOpThreads, cudaDevice);
    }
}
