package moodstream.trainer.data;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import moodstream.core.Sha256;
import moodstream.core.image.ImageDecoder;
import moodstream.core.image.ImageFormat;
import moodstream.core.image.ImageInfo;
import moodstream.core.image.ImagePreprocessor;
import moodstream.core.image.PreprocessedImage;
import moodstream.core.image.InvalidImageException;
import moodstream.trainer.data.Rejection.Reason;

/**
 * Turns a user's {@code data/<label>/...} folder into the list of images fit for training,
 * and says what it left out and why. Images are judged by content, never by a header probe
 * (which would pass a truncated file): for training, through the model's own
 * {@link ImagePreprocessor}, so what trains is exactly what the streamer accepts, and each file is
 * decoded once; without a model ({@code clean}), through core's {@link ImageDecoder}, a full decode.
 *
 * <p>Nothing is deleted. With a quarantine folder, rejected files are moved to
 * {@code <quarantine>/<reason>/<label>/<name>}; without one they stay where they are.
 * Files and folders whose name starts with '.' are ignored.
 */
public final class DatasetCleaner {
    private static final Comparator<Candidate> BY_LABEL_THEN_PATH =
            Comparator.comparing(Candidate::label).thenComparing(Candidate::relativePath);

    private final CleanOptions options;
    private final ImageDecoder decoder;
    private final Optional<ImagePreprocessor> preprocessor;

    public DatasetCleaner() {
        this(CleanOptions.DEFAULT);
    }

    /** Judges images by a full decode: for {@code clean}, which has no model. */
    public DatasetCleaner(CleanOptions options) {
        this(options, Optional.empty());
    }

    /**
     * Judges images by the model's own preprocessing, keeping each kept image's tensor, so a
     * training run decodes every file once (clean, preview and scale share it) and rejects exactly
     * what the served model would ({@link #cleanAndPreprocess}).
     */
    public DatasetCleaner(CleanOptions options, ImagePreprocessor preprocessor) {
        this(options, Optional.of(preprocessor));
    }

    private DatasetCleaner(CleanOptions options, Optional<ImagePreprocessor> preprocessor) {
        this.options = options;
        this.decoder = new ImageDecoder(options.limits());
        this.preprocessor = preprocessor;
    }

    /**
     * @throws DatasetException when the root is missing, holds fewer than 2 label folders,
     *                          a class has no usable image left, or the quarantine is not writable
     */
    public CleanReport clean(Path dataRoot) {
        return cleanAndPreprocess(dataRoot).report();
    }

    /**
     * As {@link #clean}, with the tensor of every kept image when this cleaner has a preprocessor
     * (empty otherwise).
     */
    public Cleaned cleanAndPreprocess(Path dataRoot) {
        Path root = checkRoot(dataRoot);
        Optional<Path> quarantine = options.quarantine().map(q -> q.toAbsolutePath().normalize());
        List<String> labels = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        for (Path entry : visibleEntries(root, quarantine)) {
            if (Files.isDirectory(entry)) {
                labels.add(entry.getFileName().toString());
            } else {
                String name = entry.getFileName().toString();
                rejected.add(new Rejection(entry, name, "", Reason.NOT_IN_LABEL_FOLDER, looksLikeAnImage(entry)
                        ? "an image directly in the data root has no label; move it into one of the label folders"
                        : "not an image; ignored (notes such as README.md may stay here)"));
            }
        }
        checkLabelCount(root, labels);
        quarantine.ifPresent(q -> checkQuarantine(q, root));

        List<Candidate> candidates = new ArrayList<>();
        for (String label : labels) {
            walk(root, label, quarantine, candidates, rejected);
        }
        candidates.sort(BY_LABEL_THEN_PATH);
        List<Inspection> inspections = Parallel.map(candidates, this::inspect);

        List<LabelledImage> valid = new ArrayList<>();
        Map<Path, PreprocessedImage> tensors = new HashMap<>();
        for (Inspection inspection : inspections) {
            inspection.image().ifPresentOrElse(valid::add, () -> rejected.add(inspection.rejection().orElseThrow()));
            inspection.tensor().ifPresent(t -> tensors.put(inspection.image().orElseThrow().path(), t));
        }
        List<LabelledImage> kept = dropDuplicates(valid, rejected);
        rejected.sort(Comparator.comparing(Rejection::label).thenComparing(Rejection::relativePath));

        // Before anything moves: a clean that fails leaves the folder as it found it.
        checkNoEmptyClass(root, labels, kept, rejected);
        List<Rejection> reported = quarantine.map(q -> moveAll(rejected, q)).orElse(rejected);
        Map<Path, PreprocessedImage> keptTensors = new HashMap<>();
        kept.forEach(image -> Optional.ofNullable(tensors.get(image.path())).ifPresent(t -> keptTensors.put(image.path(), t)));
        return new Cleaned(new CleanReport(labels, kept, reported), keptTensors);
    }

    private static Path checkRoot(Path dataRoot) {
        Path root = dataRoot.toAbsolutePath().normalize();
        if (!Files.exists(root)) {
            throw new DatasetException("data folder " + root + " does not exist; point to a folder holding one sub-folder "
                    + "of images per label, e.g. " + root.resolve("happy") + " and " + root.resolve("sad"));
        }
        if (!Files.isDirectory(root)) {
            throw new DatasetException("data folder " + root + " is a file, not a folder; point to a folder holding one "
                    + "sub-folder of images per label");
        }
        return root;
    }

    private static List<Path> visibleEntries(Path root, Optional<Path> quarantine) {
        try (Stream<Path> entries = Files.list(root)) {
            return entries
                    .filter(p -> !isHidden(p))
                    .filter(p -> quarantine.map(q -> !q.equals(p)).orElse(true))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new DatasetException("cannot list data folder " + root + ": " + e + "; check its permissions", e);
        }
    }

    private static void checkLabelCount(Path root, List<String> labels) {
        if (labels.size() >= 2) {
            return;
        }
        String found = labels.isEmpty() ? "no class folder" : "1 class folder (" + labels.get(0) + ")";
        throw new DatasetException("found " + found + " in " + root + "; need at least 2, e.g. "
                + root.resolve("happy") + " and " + root.resolve("sad") + ", each holding that class's images");
    }

    private static void checkQuarantine(Path quarantine, Path root) {
        if (root.startsWith(quarantine)) {
            throw new DatasetException("quarantine folder " + quarantine + " contains the data folder " + root
                    + "; choose a folder outside the data, e.g. " + root.resolveSibling(root.getFileName() + "-rejected"));
        }
        try {
            Files.createDirectories(quarantine);
            // Permission bits alone do not tell (ACLs, read-only mounts): try it.
            Path probe = Files.createTempFile(quarantine, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new DatasetException("quarantine folder " + quarantine + " is not writable (" + e
                    + "); choose another folder or fix its permissions", e);
        }
    }

    /** Collects the files under one label folder; folders that cannot be listed are reported. */
    private static void walk(Path root, String label, Optional<Path> quarantine,
                             List<Candidate> candidates, List<Rejection> rejected) {
        Path labelDir = root.resolve(label);
        // Follow links: datasets are often assembled from symlinked folders. Loops are reported, not followed.
        try {
            Files.walkFileTree(labelDir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    boolean skip = !dir.equals(labelDir) && isHidden(dir) || quarantine.map(dir::equals).orElse(false);
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (isHidden(file)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String relative = relative(root, file);
                    if (attrs.isRegularFile()) {
                        candidates.add(new Candidate(file, relative, label));
                    } else if (attrs.isSymbolicLink()) {
                        rejected.add(new Rejection(file, relative, label, Reason.UNREADABLE, "broken symbolic link"));
                    } else {
                        rejected.add(new Rejection(file, relative, label, Reason.NOT_AN_IMAGE, "not a regular file"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    String detail = e instanceof FileSystemLoopException
                            ? "symbolic link loop, not followed"
                            : "cannot read: " + e;
                    rejected.add(new Rejection(file, relative(root, file), label, Reason.UNREADABLE, detail));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            rejected.add(new Rejection(labelDir, label, label, Reason.UNREADABLE, "cannot read folder: " + e));
        }
    }

    private Inspection inspect(Candidate candidate) {
        try {
            // Checked before reading, so a stray multi-GB video is not loaded to learn it is too big.
            long size = Files.size(candidate.path());
            if (size > options.limits().maxBytes()) {
                return candidate.reject(Reason.TOO_LARGE, String.format(Locale.ROOT,
                        "the file has %,d bytes, over the limit of %,d", size, options.limits().maxBytes()));
            }
            byte[] bytes = Files.readAllBytes(candidate.path());
            ImageInfo info;
            Optional<PreprocessedImage> tensor;
            try {
                tensor = preprocessor.isPresent() ? Optional.of(preprocessor.get().preprocess(bytes)) : Optional.empty();
                info = tensor.isPresent() ? tensor.get().info() : decoder.decode(bytes).info();
            } catch (InvalidImageException e) {
                return candidate.reject(reasonFor(e), e.getMessage());
            }
            if (info.width() < options.minSide() || info.height() < options.minSide()) {
                return candidate.reject(Reason.TOO_SMALL, String.format(Locale.ROOT,
                        "%dx%d, under the minimum side of %d pixels", info.width(), info.height(), options.minSide()));
            }
            return Inspection.of(new LabelledImage(candidate.path(), candidate.relativePath(), candidate.label(),
                    Sha256.hex(bytes), info), tensor);
        } catch (IOException e) {
            return candidate.reject(Reason.UNREADABLE, "cannot read: " + e);
        }
    }

    private static Reason reasonFor(InvalidImageException e) {
        return switch (e.error()) {
            // An empty file is a failed download or save; it is no image of any kind.
            case EMPTY, NOT_AN_IMAGE -> Reason.NOT_AN_IMAGE;
            case UNSUPPORTED_FORMAT -> Reason.UNSUPPORTED_FORMAT;
            case TOO_MANY_BYTES, TOO_MANY_PIXELS, SIDE_TOO_LONG -> Reason.TOO_LARGE;
            case CORRUPT -> Reason.CORRUPT;
            // Only through a model's preprocessing whose card dead-letters images without a face.
            case NO_FACE -> Reason.NO_FACE;
        };
    }

    /**
     * Keeps the first of identical files within a class (they would weigh double and could land
     * in both train and test). Identical files under different labels say nothing about either
     * class, and no copy can be trusted to be the right one: all are dropped.
     */
    private static List<LabelledImage> dropDuplicates(List<LabelledImage> valid, List<Rejection> rejected) {
        Map<String, List<LabelledImage>> bySha = valid.stream()
                .collect(Collectors.groupingBy(LabelledImage::sha256, LinkedHashMap::new, Collectors.toList()));
        List<LabelledImage> kept = new ArrayList<>();
        for (List<LabelledImage> copies : bySha.values()) {
            List<String> labels = copies.stream().map(LabelledImage::label).distinct().toList();
            if (labels.size() > 1) {
                for (LabelledImage copy : copies) {
                    String others = copies.stream().filter(c -> c != copy).map(LabelledImage::relativePath)
                            .collect(Collectors.joining(", "));
                    rejected.add(reject(copy, Reason.LABEL_CONFLICT, "same bytes under labels "
                            + String.join(", ", labels) + ": " + others));
                }
                continue;
            }
            // valid is in label-then-path order, so the first copy is the one with the smallest path.
            LabelledImage first = copies.get(0);
            kept.add(first);
            for (LabelledImage copy : copies.subList(1, copies.size())) {
                rejected.add(reject(copy, Reason.DUPLICATE, "same bytes as " + first.relativePath() + " (kept)"));
            }
        }
        kept.sort(Comparator.comparing(LabelledImage::label).thenComparing(LabelledImage::relativePath));
        return kept;
    }

    private static Rejection reject(LabelledImage image, Reason reason, String detail) {
        return new Rejection(image.path(), image.relativePath(), image.label(), reason, detail);
    }

    private static void checkNoEmptyClass(Path root, List<String> labels, List<LabelledImage> kept, List<Rejection> rejected) {
        List<String> problems = new ArrayList<>();
        for (String label : labels) {
            if (kept.stream().anyMatch(image -> image.label().equals(label))) {
                continue;
            }
            List<Rejection> mine = rejected.stream().filter(r -> r.label().equals(label)).toList();
            if (mine.isEmpty()) {
                problems.add("class '" + label + "' in " + root + " has no usable images: the folder holds no files");
                continue;
            }
            Map<Reason, Long> counts = mine.stream()
                    .collect(Collectors.groupingBy(Rejection::reason, TreeMap::new, Collectors.counting()));
            String byReason = counts.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey().description())
                    .collect(Collectors.joining(", "));
            String examples = mine.stream().limit(3).map(r -> r.relativePath() + ": " + r.detail())
                    .collect(Collectors.joining("; "));
            problems.add("class '" + label + "' in " + root + " has no usable images: " + mine.size()
                    + " rejected (" + byReason + "), e.g. " + examples);
        }
        if (!problems.isEmpty()) {
            throw new DatasetException(String.join("\n", problems)
                    + "\nadd usable images to the class folder, or remove the folder to train without that class");
        }
    }

    private static List<Rejection> moveAll(List<Rejection> rejected, Path quarantine) {
        List<Rejection> moved = new ArrayList<>(rejected.size());
        for (Rejection rejection : rejected) {
            // A folder we could not list is reported but stays: moving it would also move whatever it holds.
            // Files beside the label folders (a README, notes) are not data: reported, never moved.
            if (Files.isDirectory(rejection.path(), LinkOption.NOFOLLOW_LINKS)
                    || rejection.reason() == Reason.NOT_IN_LABEL_FOLDER) {
                moved.add(rejection);
                continue;
            }
            Path dir = quarantine.resolve(rejection.reason().folderName());
            if (!rejection.label().isEmpty()) {
                dir = dir.resolve(rejection.label());
            }
            try {
                Files.createDirectories(dir);
                moved.add(rejection.movedTo(moveWithoutOverwriting(rejection.path(), dir)));
            } catch (IOException e) {
                throw new DatasetException("could not move " + rejection.path() + " to quarantine " + dir + ": " + e
                        + " (" + moved.size() + " of " + rejected.size() + " rejected files were already moved there)", e);
            }
        }
        return moved;
    }

    /** Moves into {@code dir} under the same name, or name-1.ext, name-2.ext, ... when taken. */
    private static Path moveWithoutOverwriting(Path source, Path dir) throws IOException {
        String name = source.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 0; ; n++) {
            Path target = dir.resolve(n == 0 ? name : stem + "-" + n + extension);
            try {
                // No REPLACE_EXISTING: an existing file is a clash to step past, never to overwrite.
                return Files.move(source, target);
            } catch (FileAlreadyExistsException taken) {
                // try the next suffix
            }
        }
    }

    private static boolean looksLikeAnImage(Path file) {
        try {
            byte[] head = ImageFormat.readSignature(file);
            return ImageFormat.sniff(head).isPresent() || ImageFormat.sniffUnsupported(head).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isHidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    private static String relative(Path root, Path file) {
        List<String> parts = new ArrayList<>();
        root.relativize(file).forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }

    private record Candidate(Path path, String relativePath, String label) {
        Inspection reject(Reason reason, String detail) {
            return new Inspection(Optional.empty(), Optional.empty(), Optional.of(new Rejection(path, relativePath, label, reason, detail)));
        }
    }

    /** Exactly one of image and rejection is present; the tensor only with an image and a preprocessor. */
    private record Inspection(Optional<LabelledImage> image, Optional<PreprocessedImage> tensor, Optional<Rejection> rejection) {
        static Inspection of(LabelledImage image, Optional<PreprocessedImage> tensor) {
            return new Inspection(Optional.of(image), tensor, Optional.empty());
        }
    }
}
