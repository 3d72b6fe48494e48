package moodstream.core.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import moodstream.core.card.ModelCard;
import moodstream.core.card.TestTimeAugmentation;
import moodstream.core.face.FaceCropSpec;
import moodstream.core.image.FallbackRoute;
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
    /** The card's whole-image model for images without a face ({@code noFace: fallback}); null otherwise. */
    private final OnnxModel fallback;
    private final ScoreDecoder fallbackDecoder;
    private final TestTimeAveraging fallbackAveraging;

    /** Serves the model as its card says, test-time augmentation included. */
    public ImageClassifier(OnnxModel model, ImageLimits limits) {
        this(model, limits, model.card().tta());
    }

    /**
     * Overrides the card's test-time augmentation, so that one trained model can be measured
     * with and without it; serving uses the card's.
     */
    public ImageClassifier(OnnxModel model, ImageLimits limits, TestTimeAugmentation augmentation) {
        this(model, Optional.empty(), limits, augmentation, Optional.empty());
    }

    /**
     * @param fallback the whole-image model the card names for images without a face, loaded
     *                 ({@link #open} finds and checks it); empty for every other card
     * @param noFace   for a face-cropping model, what an image without a face becomes instead of
     *                 what its card says (whole-image, dead-letter or fallback), if present
     * @throws IllegalArgumentException when {@code noFace} is given for a model that does not crop
     *                                  faces, or the fallback's presence does not match the card
     */
    public ImageClassifier(OnnxModel model, Optional<OnnxModel> fallback, ImageLimits limits, TestTimeAugmentation augmentation,
                           Optional<String> noFace) {
        this.model = model;
        PreprocessingSpec card = model.card().preprocessing();
        this.preprocessor = new ImagePreprocessor(noFace.map(card::withNoFace).orElse(card),
                fallback.map(f -> route(model.card(), f)), limits);
        this.decoder = new ScoreDecoder(model.card());
        this.averaging = new TestTimeAveraging(augmentation, model.card().preprocessing());
        this.fallback = fallback.orElse(null);
        this.fallbackDecoder = fallback.map(f -> new ScoreDecoder(f.card())).orElse(null);
        this.fallbackAveraging = fallback.map(f -> new TestTimeAveraging(f.card().tta(), f.card().preprocessing())).orElse(null);
    }

    /** Which images without a face {@code fallback} takes, as the face model's card says. */
    private static FallbackRoute route(ModelCard faceCard, OnnxModel fallback) {
        if (faceCard.fallback() == null) {
            throw new IllegalArgumentException("a fallback model was given, but " + faceCard.name() + "'s card names none");
        }
        return faceCard.fallback().route(fallback.card().preprocessing());
    }

    /**
     * Loads a model file and serves it as its card says, but for {@code noFace} if present; the
     * model is closed again if the classifier cannot be made.
     */
    public static ImageClassifier open(Path model, InferenceOptions options, ImageLimits limits, Optional<String> noFace) {
        return open(model, options, limits, Optional.empty(), noFace);
    }

    /**
     * As {@link #open(Path, InferenceOptions, ImageLimits, Optional)}, with {@code tta} instead of
     * the card's if present. A card that sends images without a face to a fallback model has it
     * loaded from the same folder and checked: the SHA-256 its card records, the same labels, a
     * whole-image preprocessing. It is not loaded when {@code noFace} overrides the card.
     */
    public static ImageClassifier open(Path model, InferenceOptions options, ImageLimits limits, Optional<TestTimeAugmentation> tta,
                                       Optional<String> noFace) {
        OnnxModel onnx = OnnxModel.load(model, options);
        OnnxModel fallback = null;
        try {
            String effective = onnx.card().preprocessing().cropsFaces()
                    ? noFace.orElse(onnx.card().preprocessing().face().noFace()) : null;
            if (FaceCropSpec.NO_FACE_FALLBACK.equals(effective)) {
                fallback = loadFallback(model, onnx.card(), options);
            }
            return new ImageClassifier(onnx, Optional.ofNullable(fallback), limits, tta.orElse(onnx.card().tta()), noFace);
        } catch (RuntimeException e) {
            onnx.close();
            if (fallback != null) {
                fallback.close();
            }
            throw e;
        }
    }

    private static OnnxModel loadFallback(Path model, ModelCard card, InferenceOptions options) {
        if (card.fallback() == null) {
            throw new ModelLoadException("--no-face fallback: " + model + "'s card names no fallback model; use whole-image or"
                    + " dead-letter, or a model made with './moodstream bundle'");
        }
        Path file = model.toAbsolutePath().resolveSibling(card.fallback().file());
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(model + "'s card sends images without a face to the fallback model " + file
                    + ", which is not there: keep the two files together (copy the whole model folder)");
        }
        OnnxModel loaded = OnnxModel.load(file, options);
        try {
            if (!loaded.sha256().equals(card.fallback().sha256())) {
                throw new ModelLoadException("the fallback model " + file + " is not the one " + model + "'s card names (SHA-256 "
                        + loaded.sha256() + ", the card says " + card.fallback().sha256()
                        + "): replace both files together, from the same bundle");
            }
            if (!loaded.card().labels().equals(card.labels())) {
                throw new ModelLoadException("the fallback model " + file + " has labels " + loaded.card().labels() + ", "
                        + model + " has " + card.labels() + ": they must label the same classes in the same order");
            }
            if (loaded.card().preprocessing().cropsFaces() || loaded.card().fallback() != null) {
                throw new ModelLoadException("the fallback model " + file + " must take the whole image and name no fallback"
                        + " of its own");
            }
            return loaded;
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    public ModelCard card() {
        return model.card();
    }

    public OnnxModel model() {
        return model;
    }

    /** The whole-image model for images without a face, when the card names one and it is in use. */
    public Optional<OnnxModel> fallback() {
        return Optional.ofNullable(fallback);
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

    /**
     * One inference call for the whole list (with hflip, of twice its length), and one more for
     * the fallback model when some of the images go to it (alone, or as the scene of a blended
     * photo); the results in the list's order.
     */
    public List<Classification> classifyAll(List<PreprocessedImage> images) {
        List<float[]> own = new ArrayList<>(images.size());
        List<float[]> whole = new ArrayList<>();
        for (PreprocessedImage image : images) {
            if ((image.fallback() || image.scene() != null) && fallback == null) {
                throw new IllegalArgumentException("an input for a fallback model, but this classifier has none");
            }
            if (image.fallback()) {
                whole.add(image.pixels());
            } else {
                own.add(image.pixels());
                if (image.scene() != null) {
                    whole.add(image.scene());
                }
            }
        }
        float[][] rows = own.isEmpty() ? new float[0][] : averaging.run(model, own);
        float[][] fallbackRows = whole.isEmpty() ? new float[0][] : fallbackAveraging.run(fallback, whole);
        List<Classification> out = new ArrayList<>(images.size());
        int next = 0;
        int nextFallback = 0;
        for (PreprocessedImage image : images) {
            if (image.fallback()) {
                out.add(fallbackDecoder.decode(fallbackRows[nextFallback++]));
            } else if (image.scene() != null) {
                out.add(decoder.decodeAverage(rows[next++], fallbackDecoder, fallbackRows[nextFallback++]));
            } else {
                out.add(decoder.decode(rows[next++]));
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            preprocessor.close();
        } finally {
            try {
                model.close();
            } finally {
                if (fallback != null) {
                    fallback.close();
                }
            }
        }
    }
}
