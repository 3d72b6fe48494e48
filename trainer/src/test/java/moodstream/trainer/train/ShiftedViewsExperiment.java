package moodstream.trainer.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.InvalidImageException;
import moodstream.core.image.PreprocessedImage;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.inference.InferenceOptions;

/**
 * Would more views at test time than the mirror pay? Scores a model's network on a labelled
 * folder ({@code happy/}, {@code sad/}) with the views averaged: the image alone, with its mirror
 * (the card's {@code hflip}), and with its mirror plus the two shifted by {@code d} pixels up,
 * down, left and right (10 views), edges replicated as training's shifts do
 * ({@link Augmenter#moved}). Images without a face are classified whole by the face network
 * (no fallback), and the face and whole-image paths are reported apart.
 *
 * <p>Not a test and not a feature: an experiment, run as a command, whose results are in
 * docs/training.md ("Shifted views at test time"). Usage:
 * {@code ShiftedViewsExperiment MODEL DIR}.
 */
public final class ShiftedViewsExperiment {
    private static final int[] SHIFTS = {1, 2, 3};

    private ShiftedViewsExperiment() {
    }

    public static void main(String[] args) throws IOException {
        Path model = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        List<String> names = new ArrayList<>(List.of("image alone", "hflip"));
        for (int d : SHIFTS) {
            names.add("hflip + shifts of " + d + " px");
        }
        // Per view set and path (all, face, whole image): {happy right, happy seen, sad right, sad seen}.
        int[][][] tally = new int[names.size()][3][4];
        try (ImageClassifier classifier = ImageClassifier.open(model, InferenceOptions.CPU, ImageLimits.DEFAULT, Optional.of("whole-image"))) {
            PreprocessingSpec spec = classifier.preprocessor().spec();
            int sad = classifier.card().labels().indexOf("sad");
            for (String label : List.of("happy", "sad")) {
                List<Path> files;
                try (Stream<Path> s = Files.list(dir.resolve(label))) {
                    files = s.sorted().toList();
                }
                for (Path file : files) {
                    PreprocessedImage image;
                    try {
                        image = classifier.preprocessor().preprocess(Files.readAllBytes(file));
                    } catch (InvalidImageException e) {
                        continue; // as evaluate, which cleans a folder first
                    }
                    List<float[]> views = new ArrayList<>();
                    List<Integer> starts = new ArrayList<>();
                    for (int set = 0; set < names.size(); set++) {
                        starts.add(views.size());
                        views.addAll(views(image.pixels(), spec, set));
                    }
                    starts.add(views.size());
                    float[][] rows = classifier.model().run(views); // one batch: every view set of one image
                    boolean isSad = label.equals("sad");
                    int path = image.face() != null ? 1 : 2;
                    for (int set = 0; set < names.size(); set++) {
                        double p = 0;
                        for (int v = starts.get(set); v < starts.get(set + 1); v++) {
                            p += rows[v][sad];
                        }
                        p /= starts.get(set + 1) - starts.get(set);
                        int right = (p >= classifier.card().threshold()) == isSad ? 1 : 0;
                        for (int[] t : new int[][] {tally[set][0], tally[set][path]}) {
                            t[isSad ? 2 : 0] += right;
                            t[isSad ? 3 : 1]++;
                        }
                    }
                }
            }
        }
        String[] paths = {"all", "face path", "whole-image path"};
        for (int path = 0; path < 3; path++) {
            System.out.printf(Locale.ROOT, "%s, %d images:%n", paths[path], tally[0][path][1] + tally[0][path][3]);
            for (int set = 0; set < names.size(); set++) {
                int[] t = tally[set][path];
                double happy = t[1] == 0 ? Double.NaN : (double) t[0] / t[1];
                double sadRecall = t[3] == 0 ? Double.NaN : (double) t[2] / t[3];
                System.out.printf(Locale.ROOT, "  %-24s accuracy %.4f (%d right), balanced %.4f, happy %.4f, sad %.4f%n", names.get(set),
                        (double) (t[0] + t[2]) / (t[1] + t[3]), t[0] + t[2], (happy + sadRecall) / 2, happy, sadRecall);
            }
        }
    }

    private static List<float[]> views(float[] chw, PreprocessingSpec spec, int set) {
        List<float[]> views = new ArrayList<>(List.of(chw));
        if (set == 0) {
            return views;
        }
        views.add(Augmenter.moved(chw, spec, true, 0, 0));
        if (set == 1) {
            return views;
        }
        int d = SHIFTS[set - 2];
        for (int[] shift : new int[][] {{d, 0}, {-d, 0}, {0, d}, {0, -d}}) {
            views.add(Augmenter.moved(chw, spec, false, shift[0], shift[1]));
            views.add(Augmenter.moved(chw, spec, true, shift[0], shift[1]));
        }
        return views;
    }
}
