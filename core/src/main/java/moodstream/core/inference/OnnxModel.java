package moodstream.core.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import moodstream.core.Sha256;
import moodstream.core.card.InvalidModelCardException;
import moodstream.core.card.ModelCard;
import moodstream.core.card.ModelCardCodec;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.image.TensorBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: an ONNX Runtime session for one moodstream model, with its card
 * validated against the network's real input and output shapes. Knows tensors,
 * not images: preprocessing and postprocessing live elsewhere. Thread-safe
 * (ONNX Runtime sessions may run concurrently).
 */
public final class OnnxModel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OnnxModel.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelCard card;
    private final ExecutionProvider provider;
    private final String sha256;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OnnxModel(OrtEnvironment env, OrtSession session, ModelCard card, ExecutionProvider provider, String sha256) {
        this.env = env;
        this.session = session;
        this.card = card;
        this.provider = provider;
        this.sha256 = sha256;
    }

    /** Loads a model file; every failure is a {@link ModelLoadException} that names the file and what to do. */
    public static OnnxModel load(Path path, InferenceOptions options) {
        if (!Files.isRegularFile(path)) {
            throw new ModelLoadException("model file not found: " + path.toAbsolutePath()
                    + ". Train one with './moodstream train', or point --model at an exported model.onnx");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ModelLoadException("model file " + path + " cannot be read: " + e.getMessage(), e);
        }
        return load(bytes, path.toString(), options);
    }

    /** Loads a model from memory; {@code where} names it in messages. */
    public static OnnxModel load(byte[] model, String where, InferenceOptions options) {
        OrtEnvironment env = OrtRuntime.environment();
        ExecutionProvider provider = ProviderSelector.select(options.provider(), OrtEnvironment.getAvailableProviders());
        log.info("ONNX Runtime execution provider: {} (requested {}, available {})",
                provider, options.provider(), OrtEnvironment.getAvailableProviders());
        OrtSession session;
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (options.intraOpThreads() > 0) {
                so.setIntraOpNumThreads(options.intraOpThreads());
            }
            so.setInterOpNumThreads(1);
            if (provider == ExecutionProvider.CUDA) {
                so.addCUDA(options.cudaDevice());
            }
            session = env.createSession(model, so);
        } catch (OrtException e) {
            throw new ModelLoadException(where + " is not a loadable ONNX model (" + e.getMessage()
                    + "); re-export it with './moodstream train'", e);
        }
        try {
            ModelCard card = new ModelCardCodec().fromMetadata(session.getMetadata().getCustomMetadata(), where);
            checkShapes(session, card, where);
            return new OnnxModel(env, session, card, provider, Sha256.hex(model));
        } catch (OrtException | InvalidModelCardException | ModelLoadException e) {
            closeQuietly(session);
            if (e instanceof ModelLoadException mle) {
                throw mle;
            }
            throw new ModelLoadException(e.getMessage(), e);
        }
    }

    public ModelCard card() {
        return card;
    }

    /** CPU or CUDA: what the session actually runs on. */
    public ExecutionProvider provider() {
        return provider;
    }

    /** Hex SHA-256 of the model bytes: identifies exactly which model labelled a record. */
    public String sha256() {
        return sha256;
    }

    /**
     * Runs one batch. Each element is one preprocessed image (C*H*W floats).
     *
     * @return one output row per image
     */
    public float[][] run(List<float[]> images) {
        if (images.isEmpty()) {
            return new float[0][];
        }
        TensorBatch batch = TensorBatch.stack(images, card.preprocessing());
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch.data()), batch.shape());
             OrtSession.Result result = session.run(Map.of(card.inputName(), input))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            int width = card.outputWidth();
            float[][] rows = new float[images.size()][width];
            for (float[] row : rows) {
                out.get(row);
            }
            return rows;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + images.size() + ": " + e.getMessage(), e);
        }
    }

    /** Idempotent: ONNX Runtime refuses to close a session twice. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(session);
        }
    }

    private static void checkShapes(OrtSession session, ModelCard card, String where) throws OrtException {
        NodeInfo input = session.getInputInfo().get(card.inputName());
        if (input == null) {
            throw new ModelLoadException(where + ": the card names input '" + card.inputName() + "' but the network's inputs are "
                    + session.getInputNames());
        }
        PreprocessingSpec p = card.preprocessing();
        long[] in = ((TensorInfo) input.getInfo()).getShape();
        if (in.length != 4 || in[1] != p.channels() || in[2] != p.height() || in[3] != p.width()) {
            throw new ModelLoadException(where + ": the network's input shape " + Arrays.toString(in)
                    + " does not match the card's [batch, " + p.channels() + ", " + p.height() + ", " + p.width()
                    + "]; the model file was altered or mis-exported");
        }
        NodeInfo output = session.getOutputInfo().get(card.outputName());
        if (output == null) {
            throw new ModelLoadException(where + ": the card names output '" + card.outputName() + "' but the network's outputs are "
                    + session.getOutputNames());
        }
        long[] out = ((TensorInfo) output.getInfo()).getShape();
        if (out.length != 2 || out[1] != card.outputWidth()) {
            throw new ModelLoadException(where + ": the network's output shape " + Arrays.toString(out) + " does not fit "
                    + card.labels().size() + " labels with a " + card.output() + " output (expected [batch, "
                    + card.outputWidth() + "])");
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            log.warn("closing the ONNX Runtime session failed: {}", e.getMessage());
        }
    }
}
