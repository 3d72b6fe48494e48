package moodstream.sandbox.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import moodstream.core.image.ImageFormat;
import org.apache.kafka.common.utils.Utils;

/**
 * Which labelled folder the demo runs on: the one given with {@code --data}; else {@code data/}
 * when it holds images; else the synthetic faces in {@code data/.synthetic}, generated on first
 * use. The synthetic set sits in a hidden folder so that it never turns into a label of
 * {@code data/} (the trainer skips hidden folders) and the user's own images always win.
 *
 * @param folder    the data folder: one sub-folder of images per label
 * @param synthetic whether it is the generated synthetic set
 */
record DemoData(Path folder, boolean synthetic) {
    static final String SYNTHETIC_FOLDER = ".synthetic";
    /** {@code synth-faces} writes it last, so it marks a complete set. */
    static final String SYNTHETIC_MARKER = "SYNTHETIC.txt";

    /**
     * @throws IllegalArgumentException when {@code --data} names a folder without labelled images
     */
    static DemoData choose(Optional<Path> explicit, Path defaultData) {
        if (explicit.isPresent()) {
            Path folder = explicit.get();
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("--data " + folder + ": no such folder; give a folder with one sub-folder"
                        + " of images per label, e.g. " + folder.resolve("happy") + " and " + folder.resolve("sad"));
            }
            if (labelFoldersWithImages(folder) < 2) {
                throw new IllegalArgumentException("--data " + folder + " has fewer than 2 sub-folders holding images; the demo"
                        + " needs one sub-folder of images per label, e.g. " + folder.resolve("happy") + " and " + folder.resolve("sad"));
            }
            return new DemoData(folder, false);
        }
        if (labelFoldersWithImages(defaultData) >= 2) {
            return new DemoData(defaultData, false);
        }
        return new DemoData(defaultData.resolve(SYNTHETIC_FOLDER), true);
    }

    /** Whether the folder already holds a usable set (for the synthetic one: drawn completely earlier). */
    boolean present() {
        return labelFoldersWithImages(folder) >= 2 && (!synthetic || Files.isRegularFile(folder.resolve(SYNTHETIC_MARKER)));
    }

    /**
     * Puts a freshly drawn synthetic set (in {@code staging}, next to {@link #folder}) in place
     * of whatever incomplete set is there.
     */
    void install(Path staging) {
        try {
            if (Files.exists(folder)) {
                Utils.delete(folder.toFile());
            }
            Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the synthetic faces from " + staging + " to " + folder + ": " + e, e);
        }
    }

    /** Visible sub-folders with at least one image in them (found by its bytes, as the trainer does). */
    static int labelFoldersWithImages(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            List<Path> labels = entries.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith(".")).toList();
            return (int) labels.stream().filter(DemoData::holdsAnImage).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static boolean holdsAnImage(Path labelFolder) {
        try (Stream<Path> files = Files.walk(labelFolder)) {
            return files.filter(Files::isRegularFile).anyMatch(DemoData::isImage);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static boolean isImage(Path file) {
        try {
            return ImageFormat.sniff(ImageFormat.readSignature(file)).isPresent();
        } catch (IOException e) {
            return false;
        }
    }
}
