package moodstream.core.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitManifestTest {
    @TempDir
    Path dir;

    @Test
    void awkwardFileNamesSurviveTheRoundTrip() throws Exception {
        List<SplitManifest.Entry> entries = List.of(
                new SplitManifest.Entry("train", "happy", "aa", "happy/plain.jpg"),
                new SplitManifest.Entry("validation", "sad", "bb", "sad/comma, \"quoted\"\nline.png"),
                new SplitManifest.Entry("test", "sad", "cc", "sad/ünïcödé.png"));
        Path file = dir.resolve("split.csv");
        Files.writeString(file, SplitManifest.format(entries), StandardCharsets.UTF_8);

        assertThat(SplitManifest.read(file, dir)).containsExactlyElementsOf(entries);
        assertThat(entries.get(2).resolve(dir)).isEqualTo(dir.toAbsolutePath().resolve("sad/ünïcödé.png"));
    }

    @Test
    void aPathOutsideTheDataFolderIsRefused() throws Exception {
        Path file = dir.resolve("split.csv");
        Files.writeString(file, SplitManifest.format(List.of(new SplitManifest.Entry("test", "sad", "cc", "../elsewhere.png"))));

        assertThatThrownBy(() -> SplitManifest.read(file, dir.resolve("data")))
                .isInstanceOf(InvalidSplitManifestException.class)
                .hasMessageContaining("record 2").hasMessageContaining("not inside the data folder");
    }

    @Test
    void aFileWithoutTheHeaderOrWithAnUnknownSplitIsNamed() throws Exception {
        Path noHeader = dir.resolve("a.csv");
        Files.writeString(noHeader, "test,sad,cc,sad/x.png\r\n");
        assertThatThrownBy(() -> SplitManifest.read(noHeader, dir)).hasMessageContaining(noHeader.toString()).hasMessageContaining("header");

        Path badSplit = dir.resolve("b.csv");
        Files.writeString(badSplit, "split,label,sha256,relative_path\r\nholdout,sad,cc,sad/x.png\r\n");
        assertThatThrownBy(() -> SplitManifest.read(badSplit, dir)).hasMessageContaining("'holdout'");

        assertThatThrownBy(() -> SplitManifest.read(dir.resolve("missing.csv"), dir))
                .isInstanceOf(InvalidSplitManifestException.class).hasMessageContaining("does not exist");
    }
}
