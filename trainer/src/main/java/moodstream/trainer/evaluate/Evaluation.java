package moodstream.trainer.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import moodstream.core.image.PreprocessedImage;
import moodstream.core.inference.Classification;
import moodstream.core.inference.ImageClassifier;
import moodstream.trainer.io.AtomicFiles;
import moodstream.trainer.report.ImageGrid;
import moodstream.trainer.train.TensorSet;

/**
 * Scores a labelled set through the ONNX model, i.e. the path the streamer serves, so the
 * reported metrics are those of the model users get.
 *
 * @param metrics            the numbers
 * @param mistakes           every misclassified image
 * @param tta                the test-time augmentation the scores were made with
 * @param batchSize          images per inference call
 * @param inferenceMsPerImage wall time of the inference calls (ONNX Runtime and, with hflip, mirror and
 *                           averaging; not decoding) divided by the images: at batch 1 the streamer's case
 * @param byPath             for a model that crops faces, the metrics of each path apart: {@value #FACE_PATH}
 *                           (a face was found and cropped), {@value #WHOLE_IMAGE_PATH} (none was, the model
 *                           itself saw the whole image) and, with a fallback model, {@value #FALLBACK_PATH} (none
 *                           was, the fallback saw the whole image) and, when the card blends photos,
 *                           {@value #FACE_AND_FALLBACK_PATH} (a face was found in a photo, and the two models'
 *                           probabilities were averaged), because they are different problems and an
 *                           overall number hides a path that fails; empty for a whole-image model
 */
public record Evaluation(ClassificationMetrics metrics, List<Mistake> mistakes, String tta, int batchSize,
                         double inferenceMsPerImage, Map<String, ClassificationMetrics> byPath) {
    public static final String FACE_PATH = PreprocessedImage.PATH_FACE;
    public static final String WHOLE_IMAGE_PATH = PreprocessedImage.PATH_WHOLE_IMAGE;
    public static final String FALLBACK_PATH = PreprocessedImage.PATH_FALLBACK;
    public static final String FACE_AND_FALLBACK_PATH = PreprocessedImage.PATH_FACE_AND_FALLBACK;

    /** The batch training and evaluate use unless told otherwise. */
    public static final int DEFAULT_BATCH = 64;

    /** A misclassified image: where it is, what it is, what the model said. */
    public record Mistake(String image, String label, String predicted, double score) {
    }

    public static Evaluation run(ImageClassifier classifier, TensorSet set) {
        return run(classifier, set, DEFAULT_BATCH);
    }

    public static Evaluation run(ImageClassifier classifier, TensorSet set, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        List<String> labels = classifier.card().labels();
        int n = set.size();
        int[] predicted = new int[n];
        double[][] scores = new double[n][];
        List<Mistake> mistakes = new ArrayList<>();
        long inferenceNanos = 0;
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            List<PreprocessedImage> batch = batch(set, from, to);
            long start = System.nanoTime();
            List<Classification> results = classifier.classifyAll(batch);
            inferenceNanos += System.nanoTime() - start;
            for (int i = from; i < to; i++) {
                Classification c = results.get(i - from);
                predicted[i] = labels.indexOf(c.label());
                scores[i] = c.scores().values().stream().mapToDouble(Double::doubleValue).toArray();
                if (predicted[i] != set.targets()[i]) {
                    mistakes.add(new Mistake(set.images().get(i).relativePath(), labels.get(set.targets()[i]), c.label(), c.score()));
                }
            }
        }
        Map<String, ClassificationMetrics> byPath = new LinkedHashMap<>();
        if (set.spec().cropsFaces()) {
            byPath.put(FACE_PATH, subset(labels, set, predicted, scores, FACE_PATH));
            byPath.put(WHOLE_IMAGE_PATH, subset(labels, set, predicted, scores, WHOLE_IMAGE_PATH));
            if (classifier.fallback().isPresent()) {
                byPath.put(FALLBACK_PATH, subset(labels, set, predicted, scores, FALLBACK_PATH));
                if (classifier.card().fallback().blendFaces()) {
                    byPath.put(FACE_AND_FALLBACK_PATH, subset(labels, set, predicted, scores, FACE_AND_FALLBACK_PATH));
                }
            }
        }
        return new Evaluation(ClassificationMetrics.compute(labels, set.targets(), predicted, scores), List.copyOf(mistakes),
                classifier.augmentation().id(), batchSize, n == 0 ? Double.NaN : inferenceNanos / 1e6 / n, Map.copyOf(byPath));
    }

    private static ClassificationMetrics subset(List<String> labels, TensorSet set, int[] predicted, double[][] scores, String path) {
        int[] chosen = IntStream.range(0, set.size()).filter(i -> set.path(i).equals(path)).toArray();
        return ClassificationMetrics.compute(labels, IntStream.of(chosen).map(i -> set.targets()[i]).toArray(),
                IntStream.of(chosen).map(i -> predicted[i]).toArray(),
                IntStream.of(chosen).mapToObj(i -> scores[i]).toArray(double[][]::new));
    }

    private static List<PreprocessedImage> batch(TensorSet set, int from, int to) {
        List<PreprocessedImage> batch = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            batch.add(set.input(i));
        }
        return batch;
    }

    /** The metrics table, preceded by how the scores were made and how long inference took. */
    public String describe() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "test-time augmentation %s, batch %d: %.3f ms per image for inference%n",
                tta, batchSize, inferenceMsPerImage)).append(metrics.describe());
        for (String path : List.of(FACE_PATH, FACE_AND_FALLBACK_PATH, WHOLE_IMAGE_PATH, FALLBACK_PATH)) {
            ClassificationMetrics m = byPath.get(path);
            if (m != null) {
                text.append(String.format(Locale.ROOT, "%n%s path (%d of %d images, per label %s):%n", path, m.count(), metrics.count(),
                        supports(m))).append(m.count() == 0 ? "  no images\n" : m.describe());
            }
        }
        return text.toString();
    }

    private static String supports(ClassificationMetrics m) {
        StringBuilder s = new StringBuilder();
        m.perClass().forEach((label, c) -> s.append(s.length() == 0 ? "" : ", ").append(label).append(' ').append(c.support()));
        return s.toString();
    }

    public void writeJson(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(file, mapper.writeValueAsBytes(this));
    }

    /** Up to {@code max} misclassified images as a captioned grid. */
    public void writeMistakeGrid(TensorSet set, int max, Path png) throws IOException {
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        for (Mistake m : mistakes.subList(0, Math.min(max, mistakes.size()))) {
            int i = indexOf(set, m.image());
            tiles.add(new ImageGrid.Tile(set.pixels().get(i), "true " + m.label() + ", said " + m.predicted(),
                    String.format(Locale.ROOT, "%.2f %s", m.score(), fileName(m.image()))));
        }
        ImageGrid.write(tiles, set.spec(), 6, png);
    }

    private static int indexOf(TensorSet set, String relativePath) {
        for (int i = 0; i < set.size(); i++) {
            if (set.images().get(i).relativePath().equals(relativePath)) {
                return i;
            }
        }
        throw new IllegalArgumentException(relativePath + " is not in this set");
    }

    private static String fileName(String relativePath) {
        return relativePath.substring(relativePath.lastIndexOf('/') + 1);
    }
}
