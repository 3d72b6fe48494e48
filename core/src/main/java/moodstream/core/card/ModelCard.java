package moodstream.core.card;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import moodstream.core.face.FaceCropSpec;
import moodstream.core.image.FallbackRoute;
import moodstream.core.image.PreprocessingSpec;

/**
 * Everything a server needs to know to use a model correctly, and what a reader
 * needs to trust it. Stored as JSON in the ONNX model's {@code metadata_props}
 * under {@link ModelCardCodec#METADATA_KEY}, so model and card cannot drift apart.
 *
 * @param name          a human name, e.g. "moodstream-happy-sad"
 * @param version       the model's version: its creation time and a short content hash
 * @param labels        class labels in output order (sorted folder names at training time)
 * @param preprocessing how to turn an image into the input tensor
 * @param inputName     ONNX input name
 * @param outputName    ONNX output name
 * @param output        {@link OutputKind#SIGMOID} (one unit: P(labels[1])) or {@link OutputKind#SOFTMAX}
 * @param threshold     for two labels: the P(labels[1]) from which labels[1] is chosen
 * @param architecture  the trainer's architecture name
 * @param trainingData  where the data came from and how it was split
 * @param testMetrics   metrics on the held-out test split (accuracy, precision, ...)
 * @param createdAt     when the model was exported
 * @param trainerVersion the moodstream version that trained it
 * @param tta           what the network runs on per image; absent (cards older than the field)
 *                      means {@link TestTimeAugmentation#NONE}
 * @param fallback      for a face model whose {@code noFace} is {@code fallback}: the whole-image
 *                      model next to this file that labels images without a face; null otherwise
 */
public record ModelCard(
        String name,
        String version,
        List<String> labels,
        PreprocessingSpec preprocessing,
        String inputName,
        String outputName,
        OutputKind output,
        double threshold,
        String architecture,
        TrainingDataSummary trainingData,
        Map<String, Double> testMetrics,
        Instant createdAt,
        String trainerVersion,
        TestTimeAugmentation tta,
        // Absent rather than null when there is none: every card without a fallback stays as it was written.
        @JsonInclude(JsonInclude.Include.NON_NULL) FallbackModel fallback) {

    /** The threshold the trainer writes: P(labels[1]) from one half on. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    public ModelCard {
        labels = List.copyOf(labels);
        tta = tta == null ? TestTimeAugmentation.NONE : tta;
        // Copies that keep the caller's order: the card is read by people too.
        testMetrics = testMetrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(testMetrics));
    }

    /** A card without test-time augmentation, as every card was before the field existed. */
    public ModelCard(String name, String version, List<String> labels, PreprocessingSpec preprocessing, String inputName,
            String outputName, OutputKind output, double threshold, String architecture, TrainingDataSummary trainingData,
            Map<String, Double> testMetrics, Instant createdAt, String trainerVersion) {
        this(name, version, labels, preprocessing, inputName, outputName, output, threshold, architecture, trainingData,
                testMetrics, createdAt, trainerVersion, TestTimeAugmentation.NONE, null);
    }

    /** How many values the network outputs per image. */
    public int outputWidth() {
        return output == OutputKind.SIGMOID ? 1 : labels.size();
    }

    public ModelCard withTestMetrics(Map<String, Double> metrics) {
        return new ModelCard(name, version, labels, preprocessing, inputName, outputName, output, threshold,
                architecture, trainingData, metrics, createdAt, trainerVersion, tta, fallback);
    }

    public ModelCard withTta(TestTimeAugmentation augmentation) {
        return new ModelCard(name, version, labels, preprocessing, inputName, outputName, output, threshold,
                architecture, trainingData, testMetrics, createdAt, trainerVersion, augmentation, fallback);
    }

    /**
     * This card with images without a face sent to {@code model} ({@code noFace: fallback}), or,
     * with null, back to this model's own whole-image path.
     */
    public ModelCard withFallback(FallbackModel model) {
        PreprocessingSpec spec = model == null ? preprocessing.withNoFace(FaceCropSpec.NO_FACE_WHOLE_IMAGE)
                : preprocessing.withNoFace(FaceCropSpec.NO_FACE_FALLBACK);
        return new ModelCard(name, version, labels, spec, inputName, outputName, output, threshold,
                architecture, trainingData, testMetrics, createdAt, trainerVersion, tta, model);
    }

    /**
     * The whole-image model a face model hands images without a face to, and which of them
     * ({@link FallbackRoute}; cards written before the route existed read as 0 and false,
     * every image without a face).
     *
     * @param file      its file name, in the same folder as this model (the two travel together)
     * @param sha256    the file's hex SHA-256: a different file next to this one is refused, not served
     * @param minSide   the shorter side in pixels an image needs to go to the fallback; smaller ones are
     *                  face crops the detector missed, classified whole by the face model
     * @param colorOnly whether gray images stay with the face model
     * @param blendFaces whether an image with a face that the route would take (a photo, not a
     *                   face crop) is labelled by both networks, their probabilities averaged: the
     *                   face network sees the crop, the fallback the whole scene (docs/training.md,
     *                   recipe step 8); written only when true, cards without it read as false
     */
    public record FallbackModel(String file, String sha256, int minSide, boolean colorOnly,
                                @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean blendFaces) {
        /** The route for this fallback model's preprocessing. */
        public FallbackRoute route(PreprocessingSpec fallbackPreprocessing) {
            return new FallbackRoute(fallbackPreprocessing, minSide, colorOnly, blendFaces);
        }
    }

    /** The network's last activation. */
    public enum OutputKind {
        SIGMOID,
        SOFTMAX
    }

    /**
     * @param source      the data folder as given
     * @param seed        the split seed
     * @param splitCounts per split ("train", "validation", "test"), per label, the image count
     */
    public record TrainingDataSummary(String source, long seed, Map<String, Map<String, Integer>> splitCounts) {
        public TrainingDataSummary {
            splitCounts = splitCounts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(splitCounts));
        }
    }
}
