package moodstream.sandbox.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The benchmark's inputs, read into memory up front so disk reads never show up in a timing.
 * Labels do not matter: every image file under the folder is taken, sorted by path, so two runs
 * with the same {@code limit} use the same images.
 *
 * @param files  the image files, in order
 * @param bytes  their contents, same order
 */
public record BenchImages(List<Path> files, List<byte[]> bytes) {
    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp");

    public BenchImages {
        files = List.copyOf(files);
        bytes = List.copyOf(bytes);
    }

    /**
     * @param maxBytes files larger than this are left out: the producer could not send them, and a
     *                 benchmark of the refusal path is not what is asked for
     */
    public static BenchImages load(Path dir, int limit, long maxBytes) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--data " + dir.toAbsolutePath() + " is not a folder");
        }
        List<Path> found;
        try (Stream<Path> walk = Files.walk(dir)) {
            found = walk.filter(Files::isRegularFile).filter(BenchImages::looksLikeImage).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        List<Path> files = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        for (Path file : found) {
            if (files.size() >= limit) {
                break;
            }
            try {
                if (Files.size(file) > maxBytes) {
                    continue;
                }
                bytes.add(Files.readAllBytes(file));
                files.add(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no image files (" + EXTENSIONS + ") under " + dir.toAbsolutePath());
        }
        return new BenchImages(files, bytes);
    }

    public int size() {
        return bytes.size();
    }

    /** Image {@code i} of an endless cycle through the set. */
    public byte[] cyclic(long i) {
        return bytes.get((int) (i % bytes.size()));
    }

    public long totalBytes() {
        return bytes.stream().mapToLong(b -> b.length).sum();
    }

    private static boolean looksLikeImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1));
    }
}
