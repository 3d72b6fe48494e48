import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.ImagePreprocessor;
import moodstream.core.image.PreprocessingSpec;

/**
 * Bytes to a 48x48 tensor on one thread, through whichever core is on the class path: images/s.
 * `bench/decode-against.sh` runs it against an older core and this one, in turns. It uses only the
 * calls that core has had since before OpenCV (issue 9), so that both compile it. Each JVM loads
 * one core: two in one JVM would share ImageIO's global plug-in registry.
 *
 * <p>Usage: {@code java -cp CORE_CLASSPATH bench/DecodeRate.java DIR ROUNDS [CHANNELS]}
 */
public final class DecodeRate {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int channels = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        List<byte[]> images;
        try (Stream<Path> files = Files.walk(dir)) {
            images = files.filter(Files::isRegularFile).sorted().map(DecodeRate::read).toList();
        }
        ImagePreprocessor preprocessor = new ImagePreprocessor(PreprocessingSpec.of(48, 48, channels), ImageLimits.DEFAULT);
        // Two rounds to warm up: class loading, natives and the JIT.
        for (int r = -1; r <= rounds; r++) {
            long start = System.nanoTime();
            int refused = 0;
            for (byte[] image : images) {
                try {
                    preprocessor.preprocess(image);
                } catch (RuntimeException e) {
                    refused++; // the same files on both cores (checked in the output)
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (r >= 1) {
                System.out.printf(Locale.ROOT, "round %d: %d files, %d refused, %.1f img/s%n", r, images.size(), refused,
                        images.size() / seconds);
            }
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
