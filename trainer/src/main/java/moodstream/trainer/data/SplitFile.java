package moodstream.trainer.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import moodstream.core.Sha256;
import moodstream.core.image.ImageDecoder;
import moodstream.core.image.ImageInfo;
import moodstream.core.image.InvalidImageException;
import moodstream.core.split.InvalidSplitManifestException;
import moodstream.core.split.SplitManifest;
import moodstream.trainer.io.AtomicFiles;

/**
 * Saves a {@link Split} as a {@link SplitManifest} so that evaluation can be repeated on exactly
 * the same test images, and reads it back checking every image against its recorded hash, so a
 * file edited or replaced since the split is detected.
 */
public final class SplitFile {
    private SplitFile() {
    }

    /** Writes atomically: the file is the previous one or the complete new one, never half. */
    public static void write(Path file, Split split) {
        try {
            AtomicFiles.write(file, SplitManifest.format(entries(split)).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DatasetException("cannot write " + file + ": " + e + "; choose a writable location", e);
        }
    }

    /** The rows of a split file, in its order. */
    public static List<SplitManifest.Entry> entries(Split split) {
        List<SplitManifest.Entry> entries = new ArrayList<>();
        split.byName().forEach((name, images) -> images.forEach(image ->
                entries.add(new SplitManifest.Entry(name, image.label(), image.sha256(), image.relativePath()))));
        return entries;
    }

    /**
     * Reads a split back, re-reading and decoding every listed file under {@code dataRoot}.
     *
     * @throws DatasetException when the split file is missing or malformed, or a listed image is
     *                          missing, changed (other SHA-256) or no longer decodes
     */
    public static Split read(Path file, Path dataRoot, ImageDecoder decoder) {
        Path root = dataRoot.toAbsolutePath().normalize();
        List<SplitManifest.Entry> rows;
        try {
            rows = SplitManifest.read(file, root);
        } catch (InvalidSplitManifestException e) {
            throw new DatasetException(e.getMessage(), e);
        }
        List<Check> checks = Parallel.map(rows, row -> check(row, root, decoder));
        List<String> problems = checks.stream().flatMap(c -> c.problem().stream()).toList();
        if (!problems.isEmpty()) {
            throw new DatasetException(problems.size() + " of " + rows.size() + " images listed in split file " + file
                    + " no longer match the data in " + root + ":\n  " + String.join("\n  ", problems.stream().limit(10).toList())
                    + (problems.size() > 10 ? "\n  ... and " + (problems.size() - 10) + " more" : "")
                    + "\nrestore those files to evaluate on the same images, or clean and split again (a new test set)");
        }
        Map<String, List<LabelledImage>> named = Map.of(
                Split.TRAIN, new ArrayList<>(), Split.VALIDATION, new ArrayList<>(), Split.TEST, new ArrayList<>());
        for (int i = 0; i < rows.size(); i++) {
            named.get(rows.get(i).split()).add(checks.get(i).image().orElseThrow());
        }
        return new Split(named.get(Split.TRAIN), named.get(Split.VALIDATION), named.get(Split.TEST));
    }

    private static Check check(SplitManifest.Entry row, Path root, ImageDecoder decoder) {
        Path path = row.resolve(root);
        try {
            byte[] bytes = Files.readAllBytes(path);
            String sha256 = Sha256.hex(bytes);
            if (!sha256.equals(row.sha256())) {
                return Check.problem(row.relativePath() + ": content changed (SHA-256 " + sha256 + ", split file has " + row.sha256() + ")");
            }
            ImageInfo info = decoder.decode(bytes).info();
            return new Check(Optional.of(new LabelledImage(path, row.relativePath(), row.label(), sha256, info)), Optional.empty());
        } catch (NoSuchFileException e) {
            return Check.problem(row.relativePath() + ": missing (" + path + ")");
        } catch (IOException e) {
            return Check.problem(row.relativePath() + ": cannot read (" + e + ")");
        } catch (InvalidImageException e) {
            return Check.problem(row.relativePath() + ": no longer decodes (" + e.getMessage() + ")");
        }
    }

    private record Check(Optional<LabelledImage> image, Optional<String> problem) {
        static Check problem(String problem) {
            return new Check(Optional.empty(), Optional.of(problem));
        }
    }
}
