package moodstream.trainer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import moodstream.core.testing.TestImages;

/** Writes test files under a data root; every image is drawn by {@link TestImages}, none is committed. */
final class DataFolder {
    private final Path root;

    DataFolder(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** A distinct, valid 48x48 PNG (distinct per seed, so never a duplicate by accident). */
    static byte[] png(long seed) {
        return TestImages.png(TestImages.noise(48, 48, seed));
    }

    static byte[] jpeg(long seed) {
        return TestImages.jpeg(TestImages.noise(48, 48, seed));
    }

    Path write(String relativePath, byte[] bytes) {
        Path file = root.resolve(relativePath);
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path write(String relativePath, String text) {
        return write(relativePath, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every regular file under the root, as '/'-separated paths relative to it. */
    static List<String> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
