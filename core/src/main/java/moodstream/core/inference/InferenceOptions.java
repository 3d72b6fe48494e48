package moodstream.core.inference;

/**
 * @param provider       cpu, cuda or auto
 * @param intraOpThreads ONNX Runtime threads per inference; 0 lets ONNX Runtime choose.
 *                       In the streamer they share cores with the stream threads.
 * @param cudaDevice     the GPU index when CUDA is used
 */
public record InferenceOptions(ExecutionProvider provider, int intraOpThreads, int cudaDevice) {
    public static final InferenceOptions CPU = new InferenceOptions(ExecutionProvider.CPU, 0, 0);

    public InferenceOptions {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intra-op threads must be >= 0, got " + intraOpThreads);
        }
    }
}
