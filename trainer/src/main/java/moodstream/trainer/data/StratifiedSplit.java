package moodstream.trainer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Splits images into train, validation and test with the same class proportions in each.
 * The result depends only on the images' labels and relative paths and on the seed: not on
 * the input order, the file system or the JVM (String.hashCode is specified).
 */
public final class StratifiedSplit {
    /** One image for each of the three splits. */
    public static final int MIN_PER_CLASS = 3;

    private static final Comparator<LabelledImage> BY_LABEL_THEN_PATH =
            Comparator.comparing(LabelledImage::label).thenComparing(LabelledImage::relativePath);

    private StratifiedSplit() {
    }

    /**
     * Within each label: sort by relative path, shuffle with {@code new Random(seed ^ label.hashCode())},
     * take round(n * test) for test and round(n * validation) for validation, the rest for training,
     * with at least one image in each split.
     *
     * @throws DatasetException when there are no images or a class has fewer than {@value #MIN_PER_CLASS}
     */
    public static Split split(List<LabelledImage> images, SplitFractions fractions, long seed) {
        if (images.isEmpty()) {
            throw new DatasetException("no images to split; clean a data folder with images in each class first");
        }
        Set<String> ids = new HashSet<>();
        for (LabelledImage image : images) {
            if (!ids.add(image.relativePath())) {
                throw new IllegalArgumentException("image " + image.relativePath() + " is listed twice");
            }
        }
        Map<String, List<LabelledImage>> byLabel = images.stream()
                .collect(Collectors.groupingBy(LabelledImage::label, TreeMap::new, Collectors.toList()));
        List<String> tooSmall = byLabel.entrySet().stream()
                .filter(e -> e.getValue().size() < MIN_PER_CLASS)
                .map(e -> "'" + e.getKey() + "' has " + e.getValue().size())
                .toList();
        if (!tooSmall.isEmpty()) {
            throw new DatasetException("a class needs at least " + MIN_PER_CLASS + " images to be split into train, "
                    + "validation and test: " + String.join(", ", tooSmall) + "; add images to it");
        }

        List<LabelledImage> train = new ArrayList<>();
        List<LabelledImage> validation = new ArrayList<>();
        List<LabelledImage> test = new ArrayList<>();
        byLabel.forEach((label, list) -> {
            List<LabelledImage> shuffled = new ArrayList<>(list);
            shuffled.sort(Comparator.comparing(LabelledImage::relativePath));
            Collections.shuffle(shuffled, new Random(seed ^ label.hashCode()));
            int n = shuffled.size();
            int nTest = fractions.test() == 0 ? 0 : Math.max(1, (int) Math.round(n * fractions.test()));
            int nValidation = Math.max(1, (int) Math.round(n * fractions.validation()));
            // Rounding up both small shares can leave training with nothing; give it back one at a time.
            while (nTest + nValidation > n - 1) {
                if ((nValidation >= nTest || nTest == 0) && nValidation > 1) {
                    nValidation--;
                } else {
                    nTest--;
                }
            }
            test.addAll(shuffled.subList(0, nTest));
            validation.addAll(shuffled.subList(nTest, nTest + nValidation));
            train.addAll(shuffled.subList(nTest + nValidation, n));
        });
        // Sorted, so that a split reads the same however it was produced; the trainer shuffles per epoch.
        train.sort(BY_LABEL_THEN_PATH);
        validation.sort(BY_LABEL_THEN_PATH);
        test.sort(BY_LABEL_THEN_PATH);
        return new Split(train, validation, test);
    }
}
