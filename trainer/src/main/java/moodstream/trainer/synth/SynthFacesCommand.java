package moodstream.trainer.synth;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import moodstream.trainer.TrainerVersion;
import moodstream.trainer.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code moodstream synth-faces}: writes a synthetic data set of drawn faces, {@code DIR/happy/*.png}
 * and {@code DIR/sad/*.png}, and {@code DIR/SYNTHETIC.txt} saying so. For the demo on a fresh clone.
 *
 * <p>The set is drawn into a hidden folder inside DIR and renamed into place, and
 * {@code SYNTHETIC.txt} is written last: an interrupted run leaves no label folder half full,
 * and a set is complete exactly when its {@code SYNTHETIC.txt} exists.
 */
@Command(name = "synth-faces", mixinStandardHelpOptions = true,
        description = {"Write a synthetic data set of drawn happy and sad faces (128x128 PNG) for a demo without data:",
            "DIR/happy/*.png, DIR/sad/*.png and DIR/SYNTHETIC.txt. The same seed gives the same files."})
public final class SynthFacesCommand implements Callable<Integer> {
    /** Written last, into DIR: its presence says the set is complete and synthetic. */
    public static final String MARKER = "SYNTHETIC.txt";
    static final int MAX_COUNT = 100_000;
    private static final String STAGING_PREFIX = ".synth-faces-";
    private static final String STAGING_SUFFIX = ".tmp";

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder to write happy/, sad/ and " + MARKER + " into; other files in it are left alone.")
    Path out;

    @Option(names = "--count", defaultValue = "200", paramLabel = "N", description = "Images per label (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "SEED", description = "Seed for every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--overwrite", description = "Replace DIR/happy and DIR/sad when they already hold files (those files are deleted).")
    boolean overwrite;

    private final SyntheticFaces faces = new SyntheticFaces();

    @Override
    public Integer call() throws IOException {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("--count must be between 1 and " + MAX_COUNT + ", got " + count);
        }
        Path dir = out.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file, not a folder; choose a folder");
        }
        List<Expression> expressions = List.of(Expression.values());
        if (!overwrite) {
            for (Expression expression : expressions) {
                refuseIfOccupied(dir.resolve(expression.label()));
            }
        }
        AtomicFiles.requireWritableDirectory(dir);
        removeLeftovers(dir);

        Path staging = dir.resolve(STAGING_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()) + STAGING_SUFFIX);
        Files.createDirectory(staging);
        try {
            writeSet(dir, staging, expressions);
        } catch (IOException | RuntimeException e) {
            try {
                deleteRecursively(staging);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        deleteRecursively(staging);
        System.out.printf(Locale.ROOT, "synthetic faces: %d happy, %d sad in %s (seed %d)%n", count, count, dir, seed);
        return 0;
    }

    /** Draws the set into {@code staging}, then swaps it into {@code dir}; the caller deletes {@code staging}. */
    private void writeSet(Path dir, Path staging, List<Expression> expressions) throws IOException {
        for (Expression expression : expressions) {
            writeImages(staging.resolve(expression.label()), expression);
        }
        // From here on DIR changes. The marker goes first, so an interrupted replacement never
        // passes for a complete set, and comes back last.
        Files.deleteIfExists(dir.resolve(MARKER));
        for (Expression expression : expressions) {
            Path target = dir.resolve(expression.label());
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                // Moved aside, not deleted in place: it goes with the staging folder.
                move(target, staging.resolve("replaced-" + expression.label()));
            }
            move(staging.resolve(expression.label()), target);
        }
        AtomicFiles.writeString(dir.resolve(MARKER), marker(dir));
    }

    private static void refuseIfOccupied(Path labelDir) throws IOException {
        if (!Files.exists(labelDir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(labelDir)) {
            throw new IllegalArgumentException(labelDir + " exists and is not a folder; move it away, choose another --out, "
                    + "or pass --overwrite to replace it");
        }
        long entries;
        try (var list = Files.list(labelDir)) {
            entries = list.count();
        }
        if (entries > 0) {
            throw new IllegalArgumentException(labelDir + " already holds " + entries + (entries == 1 ? " file" : " files")
                    + "; synth-faces writes a fresh set: choose an empty --out folder, move those files away, "
                    + "or pass --overwrite to delete them and write the synthetic set");
        }
    }

    private void writeImages(Path folder, Expression expression) throws IOException {
        Files.createDirectories(folder);
        int digits = Math.max(4, Integer.toString(count - 1).length());
        for (int i = 0; i < count; i++) {
            byte[] png = faces.drawPng(expression, randomFor(seed, expression, i));
            String name = String.format(Locale.ROOT, "%s-%0" + digits + "d.png", expression.label(), i);
            AtomicFiles.write(folder.resolve(name), png);
        }
    }

    /**
     * Image {@code index} of a label gets its own generator, mixed from seed, label and index:
     * an image does not depend on how many others are drawn, and happy-0 of one seed is unrelated
     * to sad-0 or to happy-0 of the next seed.
     */
    static RandomGenerator randomFor(long seed, Expression expression, int index) {
        long mixed = mix(mix(mix(seed) ^ (expression.ordinal() + 1)) ^ index);
        return new SplittableRandom(mixed);
    }

    /** The murmur3 64-bit finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private String marker(Path dir) {
        int size = faces.options().size();
        return String.join("\n",
                "SYNTHETIC DATA: these are not photos.",
                "",
                "happy/ holds " + count + " drawn smiling faces and sad/ " + count + " drawn frowning faces,",
                size + "x" + size + " PNG, generated by `moodstream synth-faces` (trainer " + TrainerVersion.get() + ").",
                "Faces vary in position, size, tilt, colours, line widths, eye shape, mouth width and depth,",
                "clutter, noise and blur; only the mouth's curve tells happy from sad.",
                "",
                "seed: " + seed,
                "count per label: " + count,
                "regenerate: moodstream synth-faces --out " + dir + " --count " + count + " --seed " + seed + " --overwrite",
                "",
                "A model trained on these tells drawn smiles from drawn frowns; it says little about real faces.",
                "");
    }

    /** Staging folders of runs that were killed (Ctrl-C skips finally blocks). */
    private static void removeLeftovers(Path dir) throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, STAGING_PREFIX + "*" + STAGING_SUFFIX)) {
            for (Path leftover : stale) {
                deleteRecursively(leftover);
            }
        }
    }

    private static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target);
        }
    }

    /** Deletes a tree without following links: a linked folder loses the link, never its contents. */
    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path folder, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(folder);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
