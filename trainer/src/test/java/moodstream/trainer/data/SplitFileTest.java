package moodstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import moodstream.core.image.ImageDecoder;
import moodstream.core.image.ImageLimits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitFileTest {
    @TempDir
    Path temp;

    private DataFolder data;
    private Split split;
    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    @BeforeEach
    void setUp() {
        data = new DataFolder(temp.resolve("data"));
        for (int i = 0; i < 10; i++) {
            data.write("happy/h" + i + ".png", DataFolder.png(i));
            data.write("sad/s" + i + ".jpg", DataFolder.jpeg(100 + i));
        }
        // Names a naive CSV would break on.
        data.write("happy/with, comma.png", DataFolder.png(50));
        data.write("sad/with \"quotes\".png", DataFolder.png(51));
        data.write("sad/line\nbreak.png", DataFolder.png(52));
        List<LabelledImage> kept = new DatasetCleaner().clean(data.root()).kept();
        split = StratifiedSplit.split(kept, SplitFractions.DEFAULT, 11);
    }

    @Test
    void roundTrip() throws IOException {
        Path file = temp.resolve("splits/split.csv");

        SplitFile.write(file, split);

        assertThat(Files.readString(file)).startsWith("split,label,sha256,relative_path\r\n");
        assertThat(SplitFile.read(file, data.root(), decoder)).isEqualTo(split);
        assertThat(DataFolder.files(file.getParent())).containsExactly("split.csv");
    }

    @Test
    void modifiedImageIsDetected() throws IOException {
        Path file = temp.resolve("split.csv");
        SplitFile.write(file, split);
        LabelledImage victim = split.test().get(0);
        Files.write(victim.path(), DataFolder.png(999));

        assertThatThrownBy(() -> SplitFile.read(file, data.root(), decoder))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(victim.relativePath() + ": content changed")
                .hasMessageContaining("clean and split again");
    }

    @Test
    void missingImageIsDetected() throws IOException {
        Path file = temp.resolve("split.csv");
        SplitFile.write(file, split);
        LabelledImage victim = split.train().get(0);
        Files.delete(victim.path());

        assertThatThrownBy(() -> SplitFile.read(file, data.root(), decoder))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(victim.relativePath() + ": missing");
    }

    @Test
    void pathLeavingTheDataRootIsRefused() throws IOException {
        Path file = temp.resolve("split.csv");
        Files.writeString(file, "split,label,sha256,relative_path\ntest,happy,abc,../outside.png\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> SplitFile.read(file, data.root(), decoder))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("not inside the data folder");
    }

    @Test
    void missingSplitFile() {
        assertThatThrownBy(() -> SplitFile.read(temp.resolve("none.csv"), data.root(), decoder))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("does not exist");
    }
}
