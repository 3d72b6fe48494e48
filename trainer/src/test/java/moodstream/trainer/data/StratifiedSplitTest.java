package moodstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import moodstream.core.Sha256;
import moodstream.core.image.ImageFormat;
import moodstream.core.image.ImageInfo;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {
    /** The split only looks at labels and paths, so no file is needed. */
    private static List<LabelledImage> images(String label, int count) {
        List<LabelledImage> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String relative = String.format("%s/img-%04d.png", label, i);
            list.add(new LabelledImage(Path.of("/data").resolve(relative), relative, label,
                    Sha256.hex(relative.getBytes()), new ImageInfo(ImageFormat.PNG, 64, 64, 1000)));
        }
        return list;
    }

    private static List<LabelledImage> dataset() {
        return Stream.concat(images("happy", 100).stream(), images("sad", 50).stream()).toList();
    }

    @Test
    void keepsEachClassProportions() {
        Split split = StratifiedSplit.split(dataset(), SplitFractions.DEFAULT, 42);

        assertThat(split.counts()).isEqualTo(Map.of(
                "train", Map.of("happy", 70, "sad", 35),
                "validation", Map.of("happy", 20, "sad", 10),
                "test", Map.of("happy", 10, "sad", 5)));
    }

    @Test
    void roundsToTheNearestImageAndGivesEverySplitOne() {
        List<LabelledImage> images = Stream.of(images("a", 3), images("b", 4), images("c", 17))
                .flatMap(List::stream).toList();

        Split split = StratifiedSplit.split(images, SplitFractions.DEFAULT, 1);

        // c: test round(1.7)=2, validation round(3.4)=3, train 12.
        assertThat(split.counts()).isEqualTo(Map.of(
                "train", Map.of("a", 1, "b", 2, "c", 12),
                "validation", Map.of("a", 1, "b", 1, "c", 3),
                "test", Map.of("a", 1, "b", 1, "c", 2)));
    }

    @Test
    void sameSeedSameSplitWhateverTheInputOrder() {
        List<LabelledImage> shuffled = new ArrayList<>(dataset());
        Collections.shuffle(shuffled, new Random(5));

        assertThat(StratifiedSplit.split(shuffled, SplitFractions.DEFAULT, 7))
                .isEqualTo(StratifiedSplit.split(dataset(), SplitFractions.DEFAULT, 7));
    }

    @Test
    void anotherSeedAnotherSplit() {
        Split one = StratifiedSplit.split(dataset(), SplitFractions.DEFAULT, 7);
        Split other = StratifiedSplit.split(dataset(), SplitFractions.DEFAULT, 8);

        assertThat(other.test()).isNotEqualTo(one.test());
        assertThat(other.train()).isNotEqualTo(one.train());
        assertThat(other.counts()).isEqualTo(one.counts());
    }

    @Test
    void disjointAndComplete() {
        List<LabelledImage> input = dataset();

        Split split = StratifiedSplit.split(input, SplitFractions.DEFAULT, 3);

        Set<String> paths = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        split.byName().values().forEach(list -> list.forEach(image -> {
            assertThat(paths.add(image.relativePath())).as("in two splits: " + image.relativePath()).isTrue();
            assertThat(hashes.add(image.sha256())).as("in two splits: " + image.sha256()).isTrue();
        }));
        List<LabelledImage> union = new ArrayList<>();
        split.byName().values().forEach(union::addAll);
        assertThat(union).containsExactlyInAnyOrderElementsOf(input);
    }

    @Test
    void classWithFewerThanThreeImagesCannotBeSplit() {
        List<LabelledImage> images = Stream.concat(images("happy", 10).stream(), images("sad", 2).stream()).toList();

        assertThatThrownBy(() -> StratifiedSplit.split(images, SplitFractions.DEFAULT, 1))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("at least 3 images")
                .hasMessageContaining("'sad' has 2");
    }

    @Test
    void fractionsMustBePositiveAndSumToOne() {
        assertThatThrownBy(() -> new SplitFractions(0.7, 0.2, 0.2)).hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> new SplitFractions(1.0, 0.0, 0.0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new SplitFractions(0.8, 0.3, -0.1)).hasMessageContaining("not negative");
    }

    @Test
    void withASeparateTestSetEverythingGoesToTrainingAndValidation() {
        Split split = StratifiedSplit.split(dataset(), SplitFractions.NO_TEST, 42);
        assertThat(split.test()).isEmpty();
        assertThat(split.train().size() + split.validation().size()).isEqualTo(150);
        // 70:20 of 100 happy and 50 sad: round(22.2) + round(11.1) validation images.
        assertThat(split.validation()).hasSize(22 + 11);
    }
}
