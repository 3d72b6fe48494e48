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
 * @param metrics       the numbers
 * @param mistakes      every misclassified image
 */
public record Evaluation(ClassificationMetrics metrics, List<Mistake> mistakes) {
    private static final int BATCH = 64;

    /** A misclassified image: where it is, what it is, what the model said. */
    public record Mistake(String image, String label, String predicted, double score) {
    }

    public static Evaluation run(ImageClassifier classifier, TensorSet set) {
        List<String> labels = classifier.card().labels();
        int n = set.size();
        int[] predicted = new int[n];
        double[][] scores = new double[n][];
        List<Mistake> mistakes = new ArrayList<>();
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            List<Classification> results = classify(classifier, set, from, to);
            for (int i = from; i < to; i++) {
                Classification c = results.get(i - from);
                predicted[i] = labels.indexOf(c.label());
                scores[i] = c.scores().values().stream().mapToDouble(Double::doubleValue).toArray();
                if (predicted[i] != set.targets()[i]) {
                    mistakes.add(new Mistake(set.images().get(i).relativePath(), labels.get(set.targets()[i]), c.label(), c.score()));
                }
            }
        }
        return new Evaluation(ClassificationMetrics.compute(labels, set.targets(), predicted, scores), List.copyOf(mistakes));
    }

    private static List<Classification> classify(ImageClassifier classifier, TensorSet set, int from, int to) {
        List<PreprocessedImage> batch = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            batch.add(new PreprocessedImage(set.images().get(i).info(), set.pixels().get(i)));
        }
        return classifier.classifyAll(batch);
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
