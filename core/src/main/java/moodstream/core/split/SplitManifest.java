package moodstream.core.split;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The split file ({@code split.csv}) the trainer writes next to a model: which image went to
 * train, validation or test. It lives in core because the demo in the streamer reads it too
 * (it publishes the test images), and one format deserves one reader.
 *
 * <p>Format: CSV (RFC 4180, UTF-8), header {@code split,label,sha256,relative_path}, one row
 * per image, paths relative to the data folder; fields holding a comma, a quote or a line
 * break are quoted, quotes doubled. CSV rather than JSON because people open it in a
 * spreadsheet and diff it; the hash pins the content of each image.
 */
public final class SplitManifest {
    public static final String TRAIN = "train";
    public static final String VALIDATION = "validation";
    public static final String TEST = "test";
    static final List<String> HEADER = List.of("split", "label", "sha256", "relative_path");

    /** One image's place in the split; {@code relativePath} uses the data folder as root. */
    public record Entry(String split, String label, String sha256, String relativePath) {
        /** The image file under {@code dataRoot}. */
        public Path resolve(Path dataRoot) {
            return dataRoot.toAbsolutePath().normalize().resolve(relativePath).normalize();
        }
    }

    private SplitManifest() {
    }

    /** The file's text, header first, CRLF line ends. */
    public static String format(List<Entry> entries) {
        StringBuilder csv = new StringBuilder();
        appendRow(csv, HEADER);
        entries.forEach(e -> appendRow(csv, List.of(e.split(), e.label(), e.sha256(), e.relativePath())));
        return csv.toString();
    }

    /**
     * Reads and checks the rows: header, field counts, split names, no path twice, every path
     * inside {@code dataRoot}. The images themselves are not opened.
     *
     * @throws InvalidSplitManifestException naming the file, the record and what is wrong
     */
    public static List<Entry> read(Path file, Path dataRoot) {
        Path root = dataRoot.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidSplitManifestException("split file " + file + " does not exist; train a model first (it writes one)", e);
        } catch (IOException e) {
            throw new InvalidSplitManifestException("cannot read split file " + file + ": " + e, e);
        }
        List<List<String>> records = Csv.parse(text, file);
        if (records.isEmpty() || !records.get(0).equals(HEADER)) {
            throw new InvalidSplitManifestException("split file " + file + " does not start with the header "
                    + String.join(",", HEADER) + "; is it a split file written by moodstream?");
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> fields = records.get(i);
            String where = "split file " + file + " record " + (i + 1);
            if (fields.size() != HEADER.size()) {
                throw new InvalidSplitManifestException(where + " has " + fields.size() + " fields, expected " + HEADER.size());
            }
            Entry entry = new Entry(fields.get(0), fields.get(1), fields.get(2), fields.get(3));
            if (!TRAIN.equals(entry.split()) && !VALIDATION.equals(entry.split()) && !TEST.equals(entry.split())) {
                throw new InvalidSplitManifestException(where + " names split '" + entry.split() + "'; expected train, validation or test");
            }
            if (!seen.add(entry.relativePath())) {
                throw new InvalidSplitManifestException(where + " lists " + entry.relativePath() + " a second time");
            }
            // The file names images under the data root; a path leading out of it is not ours to read.
            Path resolved = entry.resolve(root);
            if (entry.relativePath().isEmpty() || !resolved.startsWith(root) || resolved.equals(root)) {
                throw new InvalidSplitManifestException(where + " has path '" + entry.relativePath()
                        + "', which is not inside the data folder " + root);
            }
            entries.add(entry);
        }
        return List.copyOf(entries);
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
}
