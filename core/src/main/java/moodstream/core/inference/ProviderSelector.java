package moodstream.core.inference;

import ai.onnxruntime.OrtProvider;
import java.util.Set;

/**
 * Decides the execution provider from the request and what ONNX Runtime reports
 * ({@code OrtEnvironment.getAvailableProviders()}). Kept apart from session
 * creation so the CUDA logic is testable on machines without a GPU.
 */
public final class ProviderSelector {
    private ProviderSelector() {
    }

    /** @return {@link ExecutionProvider#CPU} or {@link ExecutionProvider#CUDA}, never AUTO */
    public static ExecutionProvider select(ExecutionProvider requested, Set<OrtProvider> available) {
        boolean cuda = available.contains(OrtProvider.CUDA);
        return switch (requested) {
            case CPU -> ExecutionProvider.CPU;
            case AUTO -> cuda ? ExecutionProvider.CUDA : ExecutionProvider.CPU;
            case CUDA -> {
                if (!cuda) {
                    throw new ProviderUnavailableException("execution provider 'cuda' was requested, but this ONNX Runtime"
                            + " reports only " + available + ". Build with -Pgpu (onnxruntime_gpu) and run on a host with"
                            + " CUDA and cuDNN, or use --provider cpu or auto");
                }
                yield ExecutionProvider.CUDA;
            }
        };
    }
}
