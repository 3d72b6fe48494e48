package moodstream.core.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import moodstream.core.card.ModelCard;
import moodstream.core.card.TestTimeAugmentation;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.ImagePreprocessor;
import moodstream.core.image.PreprocessedImage;
import moodstream.core.image.PreprocessingSpec;

/**
 * Bytes in, label out: the card's preprocessing, the ONNX engine run with the card's
 * test-time augmentation, and the card's postprocessing, composed. This is what {@code predict}, {@code evaluate} and the
 * streamer call, so they cannot disagree.
 */
public final class ImageClassifier implements AutoCloseable {
    private final OnnxModel model;
    private final ImagePreprocessor preprocessor;
    private final ScoreDecoder decoder;
    private final TestTimeAveraging averaging;

    /** Serves the model as its card says, test-time augmentation included. */
    public ImageClassifier(OnnxModel model, ImageLimits limits) {
        this(model, limits, model.card().tta());
    }

    /**
     * Overrides the card's test-time augmentation, so that one trained model can be measured
     * with and without it; serving uses the card's.
     */
    public ImageClassifier(OnnxModel model, ImageLimits limits, TestTimeAugmentation augmentation) {
        this(model, limits, augmentation, Optional.empty());
    }

    /**
     * @param noFace for a face-cropping model, what an image without a face becomes instead of
     *               what its card says (whole-image or dead-letter), if present
     * @throws IllegalArgumentException when {@code noFace} is given for a model that does not crop faces
     */
    public ImageClassifier(OnnxModel model, ImageLimits limits, TestTimeAugmentation augmentation, Optional<String> noFace) {
        this.model = model;
        PreprocessingSpec card = model.card().preprocessing();
        this.preprocessor = new ImagePreprocessor(noFace.map(card::withNoFace).orElse(card), limits);
        this.decoder = new ScoreDecoder(model.card());
        this.averaging = new TestTimeAveraging(augmentation, model.card().preprocessing());
    }

    /**
     * Loads a model file and serves it as its card says, but for {@code noFace} if present; the
     * model is closed again if the classifier cannot be made.
     */
    public static ImageClassifier open(Path model, InferenceOptions options, ImageLimits limits, Optional<String> noFace) {
        return open(model, options, limits, Optional.empty(), noFace);
    }

    /** As {@link #open(Path, InferenceOptions, ImageLimits, Optional)}, with {@code tta} instead of the card's if present. */
    public static ImageClassifier open(Path model, InferenceOptions options, ImageLimits limits, Optional<TestTimeAugmentation> tta,
                                       Optional<String> noFace) {
        OnnxModel onnx = OnnxModel.load(model, options);
        try {
            return new ImageClassifier(onnx, limits, tta.orElse(onnx.card().tta()), noFace);
        } catch (RuntimeException e) {
            onnx.close();
            throw e;
        }
    }

    public ModelCard card() {
        return model.card();
    }

    public OnnxModel model() {
        return model;
    }

    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    /** The test-time augmentation in use: the card's unless overridden. */
    public TestTimeAugmentation augmentation() {
        return averaging.augmentation();
    }

    /** @throws moodstream.core.image.InvalidImageException when the bytes are not a usable image */
    public Classification classify(byte[] encoded) {
        return classify(preprocessor.preprocess(encoded));
    }

    public Classification classify(PreprocessedImage image) {
        return classifyAll(List.of(image)).get(0);
    }

    /** One inference call for the whole list (with hflip, of twice its length). */
    public List<Classification> classifyAll(List<PreprocessedImage> images) {
        List<float[]> tensors = new ArrayList<>(images.size());
        for (PreprocessedImage image : images) {
            tensors.add(image.pixels());
        }
        float[][] rows = averaging.run(model, tensors);
        List<Classification> out = new ArrayList<>(rows.length);
        for (float[] row : rows) {
            out.add(decoder.decode(row));
        }
        return out;
    }

    @Override
    public void close() {
        try {
            preprocessor.close();
        } finally {
            model.close();
        }
    }
}
