package moodstream.trainer.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import moodstream.core.inference.OrtRuntime;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Proves an exported model computes what its DL4J network computes: runs the same NCHW input
 * through {@code net.output} and through ONNX Runtime (CPU) and measures the largest difference.
 *
 * <p>Both sides run chunk by chunk so a few thousand images never become one huge tensor or one
 * huge set of intermediate activations.
 */
public final class ParityCheck {

    public static final int DEFAULT_CHUNK_SIZE = 64;

    private final double tolerance;
    private final int chunkSize;

    public ParityCheck(double tolerance, int chunkSize) {
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be positive, got " + chunkSize);
        }
        this.tolerance = tolerance;
        this.chunkSize = chunkSize;
    }

    /** Compares in chunks of {@value #DEFAULT_CHUNK_SIZE} images. */
    public static ParityResult check(
            MultiLayerNetwork net, byte[] onnx, INDArray input, double tolerance) {
        return new ParityCheck(tolerance, DEFAULT_CHUNK_SIZE).compare(net, onnx, input);
    }

    /**
     * @param input float NCHW images, {@code [n, C, H, W]} with the shape the model was exported for
     */
    public ParityResult compare(MultiLayerNetwork net, byte[] onnx, INDArray input) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(onnx, "onnx");
        if (input.rank() != 4) {
            throw new IllegalArgumentException(
                    "input must be NCHW [n, C, H, W], got shape " + Arrays.toString(input.shape()));
        }
        OrtEnvironment env = OrtRuntime.environment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(onnx, options)) {
            String inputName = session.getInputNames().iterator().next();
            long n = input.size(0);
            double maxAbsDiff = 0;
            long values = 0;
            for (long start = 0; start < n; start += chunkSize) {
                long end = Math.min(n, start + chunkSize);
                INDArray chunk = input.get(NDArrayIndex.interval(start, end), NDArrayIndex.all(),
                        NDArrayIndex.all(), NDArrayIndex.all()).castTo(DataType.FLOAT).dup('c');
                float[] expected = flat(net.output(chunk, false));
                float[] actual = runOnnx(env, session, inputName, chunk);
                if (expected.length != actual.length) {
                    throw new ParityCheckFailedException("ONNX export does not match DL4J: DL4J gives "
                            + expected.length + " values for images " + start + ".." + (end - 1)
                            + ", ONNX Runtime " + actual.length);
                }
                for (int i = 0; i < expected.length; i++) {
                    double diff = Math.abs((double) expected[i] - actual[i]);
                    // Written so a NaN on either side sticks instead of being skipped by a plain max.
                    if (!(diff <= maxAbsDiff)) {
                        maxAbsDiff = diff;
                    }
                }
                values += expected.length;
            }
            return new ParityResult(maxAbsDiff, values, tolerance);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not run the exported model", e);
        }
    }

    private static float[] runOnnx(
            OrtEnvironment env, OrtSession session, String inputName, INDArray chunk)
            throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat(chunk)),
                        chunk.shape());
                OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            FloatBuffer buffer = out.getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return values;
        }
    }

    private static float[] flat(INDArray array) {
        return OnnxGraph.cOrderFloats(array);
    }
}
