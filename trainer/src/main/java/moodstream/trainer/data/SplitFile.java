package moodstream.trainer.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import moodstream.core.image.ImageDecoder;
import moodstream.core.image.ImageInfo;
import moodstream.core.image.InvalidImageException;
import moodstream.trainer.io.AtomicFiles;

/**
 * Saves a {@link Split} so that evaluation can be repeated on exactly the same test images.
 *
 * <p>Format: CSV (RFC 4180, UTF-8), header {@code split,label,sha256,relative_path}, one row
 * per image; fields holding a comma, a quote or a line break are quoted, quotes doubled.
 * CSV rather than JSON because people open it in a spreadsheet and diff it; the hash pins
 * the content, so a file edited or replaced since the split is detected on reading.
 */
public final class SplitFile {
    static final List<String> HEADER = List.of("split", "label", "sha256", "relative_path");

    private SplitFile() {
    }

    /** Writes atomically: the file is the previous one or the complete new one, never half. */
    public static void write(Path file, Split split) {
        StringBuilder csv = new StringBuilder();
        appendRow(csv, HEADER);
        split.byName().forEach((name, images) -> images.forEach(image ->
                appendRow(csv, List.of(name, image.label(), image.sha256(), image.relativePath()))));
        try {
            AtomicFiles.write(file, csv.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DatasetException("cannot write " + file + ": " + e + "; choose a writable location", e);
        }
    }

    /**
     * Reads a split back, re-reading and decoding every listed file under {@code dataRoot}.
     *
     * @throws DatasetException when the split file is missing or malformed, or a listed image is
     *                          missing, changed (other SHA-256) or no longer decodes
     */
    public static Split read(Path file, Path dataRoot, ImageDecoder decoder) {
        Path root = dataRoot.toAbsolutePath().normalize();
        List<Row> rows = parse(file, root);
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

    private static Check check(Row row, Path root, ImageDecoder decoder) {
        Path path = root.resolve(row.relativePath()).normalize();
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

    private static List<Row> parse(Path file, Path root) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DatasetException("split file " + file + " does not exist; write one with the split step first", e);
        } catch (IOException e) {
            throw new DatasetException("cannot read split file " + file + ": " + e, e);
        }
        List<List<String>> records = Csv.parse(text, file);
        if (records.isEmpty() || !records.get(0).equals(HEADER)) {
            throw new DatasetException("split file " + file + " does not start with the header "
                    + String.join(",", HEADER) + "; is it a split file written by moodstream?");
        }
        List<Row> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> fields = records.get(i);
            String where = "split file " + file + " record " + (i + 1);
            if (fields.size() != HEADER.size()) {
                throw new DatasetException(where + " has " + fields.size() + " fields, expected " + HEADER.size());
            }
            Row row = new Row(fields.get(0), fields.get(1), fields.get(2), fields.get(3));
            if (!Split.TRAIN.equals(row.split()) && !Split.VALIDATION.equals(row.split()) && !Split.TEST.equals(row.split())) {
                throw new DatasetException(where + " names split '" + row.split() + "'; expected train, validation or test");
            }
            if (!seen.add(row.relativePath())) {
                throw new DatasetException(where + " lists " + row.relativePath() + " a second time");
            }
            // The file names images under the data root; a path leading out of it is not ours to read.
            Path resolved = root.resolve(row.relativePath()).normalize();
            if (row.relativePath().isEmpty() || !resolved.startsWith(root) || resolved.equals(root)) {
                throw new DatasetException(where + " has path '" + row.relativePath() + "', which is not inside the data folder " + root);
            }
            rows.add(row);
        }
        return rows;
    }

    private static void appendRow(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(Csv.quote(fields.get(i)));
        }
        out.append("\r\n");
    }

    private record Row(String split, String label, String sha256, String relativePath) {
    }

    private record Check(Optional<LabelledImage> image, Optional<String> problem) {
        static Check problem(String problem) {
            return new Check(Optional.empty(), Optional.of(problem));
        }
    }
}
