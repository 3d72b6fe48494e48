package moodstream.trainer.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 */
public record Evaluation(ClassificationMetrics metrics, List<Mistake> mistakes, String tta, int batchSize,
                         double inferenceMsPerImage) {
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
        return new Evaluation(ClassificationMetrics.compute(labels, set.targets(), predicted, scores), List.copyOf(mistakes),
                classifier.augmentation().id(), batchSize, n == 0 ? Double.NaN : inferenceNanos / 1e6 / n);
    }

    private static List<PreprocessedImage> batch(TensorSet set, int from, int to) {
        List<PreprocessedImage> batch = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            batch.add(new PreprocessedImage(set.images().get(i).info(), set.pixels().get(i)));
        }
        return batch;
    }

    /** The metrics table, preceded by how the scores were made and how long inference took. */
    public String describe() {
        return String.format(Locale.ROOT, "test-time augmentation %s, batch %d: %.3f ms per image for inference%n", tta, batchSize,
                inferenceMsPerImage) + metrics.describe();
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
