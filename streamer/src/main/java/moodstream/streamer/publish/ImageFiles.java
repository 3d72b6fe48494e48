package moodstream.streamer.publish;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import moodstream.core.image.ImageFormat;

/**
 * Turns what a user typed (files, folders, globs) into the files to publish, in a stable order.
 *
 * <ul>
 *   <li>a file: itself, keyed by its name;</li>
 *   <li>a folder: every file below it, recursively, keyed by the path relative to the folder,
 *   sorted by key;</li>
 *   <li>a glob such as {@code photos/**}{@code /*.jpg} (quote it, so the shell leaves it alone):
 *   the files it matches below its fixed base directory ({@code photos}), keyed relative to that
 *   base, sorted by key. {@code **} crosses folders and, as in bash's globstar, {@code **}{@code /}
 *   also matches no folder at all; {@code *}, {@code ?}, {@code [..]} and {@code {a,b}} are
 *   {@link java.nio.file.FileSystem#getPathMatcher Java's glob}.</li>
 * </ul>
 *
 * Hidden files and folders (names starting with {@code .}) below a folder or glob base are
 * left out, as the trainer does; symbolic links are followed. Keys always use {@code /}.
 * Formats are read from the first bytes of each file, never from its name.
 */
public final class ImageFiles {
    private ImageFiles() {
    }

    /**
     * @param inputs files, folders or globs; each must match at least one file
     * @return the files in the order of the inputs, each input's files sorted by key
     * @throws IllegalArgumentException naming the input, when it matches nothing or cannot be read
     */
    public static List<ImageFile> expand(List<String> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no files given: name image files, folders or globs such as 'photos/**/*.jpg'");
        }
        List<ImageFile> files = new ArrayList<>();
        for (String input : inputs) {
            files.addAll(expand(input));
        }
        return files;
    }

    /**
     * Why a file should not be sent as an image, if it should not: it is empty, or its bytes
     * show no supported image format. {@code publish} skips such files unless {@code --force}.
     */
    public static Optional<String> skipReason(ImageFile file) {
        byte[] header = header(file.path());
        if (header.length == 0) {
            return Optional.of("empty file");
        }
        if (file.format().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(ImageFormat.sniffUnsupported(header)
                .map(name -> name + ", which moodstream does not decode")
                .orElse("not an image (its bytes start with no JPEG, PNG, BMP or GIF signature)"));
    }

    private static List<ImageFile> expand(String input) {
        Path path = Path.of(input);
        if (Files.exists(path) || !isGlob(input)) {
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("no such file or folder: " + input);
            }
            if (!Files.isReadable(path)) {
                throw new IllegalArgumentException("cannot read " + input + ": permission denied");
            }
            if (Files.isDirectory(path)) {
                List<ImageFile> found = walk(path, input, List.of(), Integer.MAX_VALUE);
                if (found.isEmpty()) {
                    throw new IllegalArgumentException("folder " + input + " has no files (hidden ones are left out)");
                }
                return found;
            }
            return List.of(file(path, path.getFileName().toString()));
        }
        return glob(input);
    }

    private static List<ImageFile> glob(String input) {
        int firstMeta = firstGlobChar(input);
        int slash = input.lastIndexOf('/', firstMeta);
        Path base = slash < 0 ? Path.of(".") : Path.of(slash == 0 ? "/" : input.substring(0, slash));
        String rest = input.substring(slash + 1);
        if (!Files.isDirectory(base)) {
            throw new IllegalArgumentException("no files match '" + input + "': its base folder " + base + " does not exist");
        }
        if (!Files.isReadable(base)) {
            throw new IllegalArgumentException("cannot read " + base + " (the base folder of '" + input + "'): permission denied");
        }
        List<PathMatcher> matchers = globstarVariants(rest).stream()
                .map(pattern -> FileSystems.getDefault().getPathMatcher("glob:" + pattern))
                .toList();
        int depth = rest.contains("**") ? Integer.MAX_VALUE : rest.split("/", -1).length;
        List<ImageFile> found = walk(base, input, matchers, depth);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no files match '" + input + "' (hidden ones are left out)");
        }
        return found;
    }

    /** Every regular, visible file below {@code root} (to {@code depth}) whose relative path a matcher accepts. */
    private static List<ImageFile> walk(Path root, String input, List<PathMatcher> matchers, int depth) {
        List<ImageFile> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), depth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!attrs.isRegularFile() || hidden(file)) {
                        return FileVisitResult.CONTINUE;
                    }
                    Path relative = root.relativize(file);
                    if (matchers.isEmpty() || matchers.stream().anyMatch(m -> m.matches(relative))) {
                        found.add(file(file, relative.toString().replace(file.getFileSystem().getSeparator(), "/")));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof FileSystemLoopException || (e instanceof NoSuchFileException && Files.isSymbolicLink(file))) {
                        return FileVisitResult.CONTINUE; // a link loop or a broken link: nothing to send
                    }
                    throw e;
                }
            });
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read " + e.getFile() + " (under " + input + "): permission denied", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + input + ": " + e, e);
        }
        found.sort(Comparator.comparing(ImageFile::key));
        return found;
    }

    private static ImageFile file(Path path, String key) {
        return new ImageFile(path, key, ImageFormat.sniff(header(path)));
    }

    private static byte[] header(Path path) {
        try {
            return ImageFormat.readSignature(path);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read " + path + ": permission denied", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e, e);
        }
    }

    private static boolean hidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".") && !name.toString().equals(".") && !name.toString().equals("..");
    }

    private static boolean isGlob(String s) {
        return firstGlobChar(s) < s.length();
    }

    private static int firstGlobChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[{".indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    /** The pattern, and the patterns with any of its "**&#47;" taken out: "**&#47;" may match no folder at all. */
    static List<String> globstarVariants(String pattern) {
        List<String> variants = new ArrayList<>();
        variants.add(pattern);
        for (int i = 0; i < variants.size(); i++) {
            String v = variants.get(i);
            for (int at = v.indexOf("**/"); at >= 0; at = v.indexOf("**/", at + 1)) {
                if (at == 0 || v.charAt(at - 1) == '/') {
                    String shorter = v.substring(0, at) + v.substring(at + 3);
                    if (!variants.contains(shorter)) {
                        variants.add(shorter);
                    }
                }
            }
        }
        return variants;
    }
}
