package moodstream.trainer.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import moodstream.core.split.SplitManifest;

/** Disjoint train, validation and test lists, each sorted by label then relative path. */
public record Split(List<LabelledImage> train, List<LabelledImage> validation, List<LabelledImage> test) {
    public static final String TRAIN = SplitManifest.TRAIN;
    public static final String VALIDATION = SplitManifest.VALIDATION;
    public static final String TEST = SplitManifest.TEST;

    public Split {
        train = List.copyOf(Objects.requireNonNull(train, "train"));
        validation = List.copyOf(Objects.requireNonNull(validation, "validation"));
        test = List.copyOf(Objects.requireNonNull(test, "test"));
    }

    /** "train", "validation", "test" to their lists, in that order. */
    public Map<String, List<LabelledImage>> byName() {
        Map<String, List<LabelledImage>> named = new LinkedHashMap<>();
        named.put(TRAIN, train);
        named.put(VALIDATION, validation);
        named.put(TEST, test);
        return Collections.unmodifiableMap(named);
    }

    /** Split name to label to count; every label of any split appears in each, 0 when absent. */
    public Map<String, Map<String, Integer>> counts() {
        Map<String, Integer> zeros = new TreeMap<>();
        byName().values().forEach(list -> list.forEach(image -> zeros.put(image.label(), 0)));
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        byName().forEach((name, list) -> {
            Map<String, Integer> perLabel = new LinkedHashMap<>(zeros);
            list.forEach(image -> perLabel.merge(image.label(), 1, Integer::sum));
            counts.put(name, Collections.unmodifiableMap(perLabel));
        });
        return Collections.unmodifiableMap(counts);
    }
}
