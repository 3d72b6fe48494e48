package moodstream.sandbox.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import moodstream.core.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyDataFolderMeansTheSyntheticSet() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("README.md"), "# data");
        Files.createDirectories(data.resolve("happy"));
        Files.writeString(data.resolve("notes.txt"), "not an image");

        DemoData chosen = DemoData.choose(Optional.empty(), data);

        assertThat(chosen.synthetic()).isTrue();
        assertThat(chosen.folder()).isEqualTo(data.resolve(".synthetic"));
        assertThat(chosen.present()).isFalse();
    }

    @Test
    void theUsersImagesWinOverTheSyntheticSet() throws Exception {
        Path data = dir.resolve("data");
        writeImage(data.resolve(".synthetic/happy/a.png"));
        writeImage(data.resolve(".synthetic/sad/a.png"));
        assertThat(DemoData.choose(Optional.empty(), data).synthetic()).as("only the synthetic set so far").isTrue();
        assertThat(DemoData.choose(Optional.empty(), data).present()).as("no SYNTHETIC.txt: drawing was cut short").isFalse();
        Files.writeString(data.resolve(".synthetic/SYNTHETIC.txt"), "drawn");
        assertThat(DemoData.choose(Optional.empty(), data).present()).isTrue();

        writeImage(data.resolve("happy/mine.png"));
        writeImage(data.resolve("sad/nested/mine.png"));

        assertThat(DemoData.choose(Optional.empty(), data)).isEqualTo(new DemoData(data, false));
    }

    @Test
    void filesNamedLikeImagesButNotImagesDoNotCount() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("happy"));
        Files.createDirectories(data.resolve("sad"));
        Files.writeString(data.resolve("happy/fake.jpg"), "text");
        Files.writeString(data.resolve("sad/fake.png"), "text");

        assertThat(DemoData.choose(Optional.empty(), data).synthetic()).isTrue();
    }

    @Test
    void anExplicitFolderMustExistAndHoldTwoLabels() throws Exception {
        Path missing = dir.resolve("nowhere");
        assertThatThrownBy(() -> DemoData.choose(Optional.of(missing), dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--data " + missing).hasMessageContaining("no such folder");

        Path one = dir.resolve("one");
        writeImage(one.resolve("happy/a.png"));
        assertThatThrownBy(() -> DemoData.choose(Optional.of(one), dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fewer than 2");

        writeImage(one.resolve("sad/a.png"));
        assertThat(DemoData.choose(Optional.of(one), dir)).isEqualTo(new DemoData(one, false));
    }

    @Test
    void aNewSyntheticSetReplacesAnIncompleteOne() throws Exception {
        Path data = dir.resolve("data");
        writeImage(data.resolve(".synthetic/happy/half.png"));
        Path staging = data.resolve(".synthetic-123");
        writeImage(staging.resolve("happy/a.png"));
        writeImage(staging.resolve("sad/a.png"));
        Files.writeString(staging.resolve("SYNTHETIC.txt"), "drawn");
        DemoData synthetic = DemoData.choose(Optional.empty(), data);

        synthetic.install(staging);

        assertThat(synthetic.present()).isTrue();
        assertThat(data.resolve(".synthetic/happy/half.png")).doesNotExist();
        assertThat(staging).doesNotExist();
    }

    private static void writeImage(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, TestImages.png(TestImages.noise(8, 8, file.hashCode())));
    }
}
