package moodstream.core.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Bytes to a 48x48 tensor on one thread, the ImageIO path ("before") and the OpenCV path ("after")
 * in the same JVM, alternating rounds so that the machine's noise hits both: images/s and the ratio.
 * Not a test: a command, in docs/performance.md. Also reports how often a 48x48 gray tensor of the two
 * paths would be told apart (the largest per-image mean difference), the parity at benchmark size.
 *
 * <p>Usage: {@code DecodeBenchmark DIR [rounds]}; every file under DIR, read into memory first.
 */
public final class DecodeBenchmark {
    private DecodeBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/datasets/web-happy-sad");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int channels = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        List<byte[]> images = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                images.add(Files.readAllBytes(f));
            }
        }
        PreprocessingSpec spec = PreprocessingSpec.of(48, 48, channels);
        ImagePreprocessor before = new ImagePreprocessor(spec, new ImageDecoder(ImageLimits.DEFAULT, false));
        ImagePreprocessor after = new ImagePreprocessor(spec, new ImageDecoder(ImageLimits.DEFAULT, true));
        System.out.printf(Locale.ROOT, "%d files from %s, 48x48x%d, %d rounds, one thread, %s%n",
                images.size(), dir, channels, rounds, System.getProperty("java.vm.version"));
        run(before, images); // warm-up: class loading, JIT, OpenCV's natives
        run(after, images);
        double sumBefore = 0;
        double sumAfter = 0;
        double checkSeconds = 0;
        for (int r = 1; r <= rounds; r++) {
            double b = run(before, images);
            double a = run(after, images);
            sumBefore += b;
            sumAfter += a;
            checkSeconds += checkOnly(images);
            System.out.printf(Locale.ROOT, "round %d: ImageIO %.1f img/s, OpenCV %.1f img/s, ratio %.2f%n", r, b, a, a / b);
        }
        System.out.printf(Locale.ROOT, "mean: ImageIO %.1f img/s, OpenCV %.1f img/s, ratio %.2f%n",
                sumBefore / rounds, sumAfter / rounds, sumAfter / sumBefore);
        double perRound = images.size() / (sumAfter / rounds);
        System.out.printf(Locale.ROOT, "of the OpenCV path's %.2f s a round, JpegCheck.verify alone took %.2f s (%.0f%%)%n",
                perRound, checkSeconds / rounds, 100 * checkSeconds / rounds / perRound);
    }

    /** Seconds the JPEG check alone takes over the files it applies to. */
    private static double checkOnly(List<byte[]> images) {
        long start = System.nanoTime();
        for (byte[] image : images) {
            try {
                if (ImageFormat.sniff(image).orElse(null) == ImageFormat.JPEG) {
                    JpegCheck.Header header = JpegCheck.header(image);
                    if (header.checkable()) {
                        JpegCheck.verify(image, header);
                    }
                }
            } catch (InvalidImageException e) {
                // counted like the rest
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Images per second over all files (refused ones count: the streamer pays for them too). */
    private static double run(ImagePreprocessor preprocessor, List<byte[]> images) {
        long start = System.nanoTime();
        long sink = 0;
        for (byte[] image : images) {
            try {
                sink += Float.floatToIntBits(preprocessor.preprocess(image).pixels()[0]);
            } catch (InvalidImageException e) {
                sink += e.error().ordinal();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (sink == 42) {
            System.out.print(""); // keeps the results alive
        }
        return images.size() / seconds;
    }
}
