package moodstream.trainer.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("model.onnx");
        AtomicFiles.writeString(model, "old model");
        assertThatThrownBy(() -> AtomicFiles.write(model, tmp -> {
            Files.writeString(tmp, "half a new mo");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(model)).isEqualTo("old model");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(model);
        }
        AtomicFiles.writeString(model, "new model");
        assertThat(Files.readString(model)).isEqualTo("new model");
    }

    @Test
    void anUnwritableOutputIsRefusedUpFront(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> AtomicFiles.requireWritableDirectory(file.resolve("models")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not writable").hasMessageContaining("--out");
    }
}
