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
 * in the same JVM: images/s and the ratio. Not a test: a command, in docs/performance.md.
 *
 * <p>The machine is shared, so each image is timed on every path one after the other, in an order
 * that turns each round, and the sums are compared: a burst of load hits the paths alike, where
 * whole rounds one after the other gave round ratios from 1.5 to 2.4 in one run. Beside the two
 * paths, the same loop times {@link JpegCheck#verify} alone and libjpeg's decode alone (what the
 * OpenCV path would cost if the check, the copy and the resize were free: the bound on the ratio),
 * and the OpenCV path with a colour JPEG decoded in colour and turned gray after, as it was before
 * one-channel models took the luma plane alone.
 *
 * <p>Usage: {@code DecodeBenchmark DIR [rounds [channels]]}; every file under DIR, read into memory first.
 */
public final class DecodeBenchmark {
    private static final String[] NAMES = {"ImageIO path", "OpenCV path", "JpegCheck.verify alone", "libjpeg's decode alone",
        "OpenCV path, colour decode"};

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
        // Warm-up: class loading, OpenCV's natives, and the JIT, whose first round left the OpenCV path at
        // 0.6 of its later speed (the check is Java); two rounds settle it.
        round(0, images, before, after, spec);
        round(1, images, before, after, spec);
        double[] total = new double[NAMES.length];
        for (int r = 1; r <= rounds; r++) {
            double[] seconds = round(r, images, before, after, spec);
            for (int k = 0; k < total.length; k++) {
                total[k] += seconds[k];
            }
            System.out.printf(Locale.ROOT, "round %d: ImageIO %.1f img/s, OpenCV %.1f img/s, ratio %.2f%n",
                    r, images.size() / seconds[0], images.size() / seconds[1], seconds[0] / seconds[1]);
        }
        System.out.printf(Locale.ROOT, "all rounds: ImageIO %.1f img/s, OpenCV %.1f img/s, ratio %.2f%n",
                rounds * images.size() / total[0], rounds * images.size() / total[1], total[0] / total[1]);
        for (int k = 0; k < NAMES.length; k++) {
            System.out.printf(Locale.ROOT, "  %-24s %6.2f ms a file%n", NAMES[k], 1e3 * total[k] / rounds / images.size());
        }
        System.out.printf(Locale.ROOT, "the check is %.0f%% of the OpenCV path; with the check, copy and resize free, the ratio"
                + " would be at most %.2f; the luma plane alone against the colour decode: %.2f of the time%n",
                100 * total[2] / total[1], total[0] / total[3], total[1] / total[4]);
    }

    /** Seconds per measurement over all files; round r starts the rotation of the order at r. */
    private static double[] round(int r, List<byte[]> images, ImagePreprocessor before, ImagePreprocessor after, PreprocessingSpec spec) {
        long[] nanos = new long[NAMES.length];
        long sink = 0;
        for (int i = 0; i < images.size(); i++) {
            byte[] image = images.get(i);
            for (int j = 0; j < NAMES.length; j++) {
                int k = (j + r + i) % NAMES.length;
                long start = System.nanoTime();
                sink += measure(k, image, before, after, spec);
                nanos[k] += System.nanoTime() - start;
            }
        }
        if (sink == 42) {
            System.out.print(""); // keeps the results alive
        }
        double[] seconds = new double[NAMES.length];
        for (int k = 0; k < seconds.length; k++) {
            seconds[k] = nanos[k] / 1e9;
        }
        return seconds;
    }

    /**
     * One file through measurement {@code k}. Refused files count like the rest: the streamer pays for
     * them too. The check alone costs nothing for a file it does not apply to; libjpeg's decode alone
     * is the OpenCV path's whole cost for such a file (a PNG takes ImageIO there).
     */
    private static long measure(int k, byte[] image, ImagePreprocessor before, ImagePreprocessor after, PreprocessingSpec spec) {
        try {
            if (k < 2) {
                return Float.floatToIntBits((k == 0 ? before : after).preprocess(image).pixels()[0]);
            }
            if (k == 4) {
                return Float.floatToIntBits(after.preprocess(after.decoder().decode(image, spec.width(), spec.height(), false)).pixels()[0]);
            }
            JpegCheck.Header header = ImageFormat.sniff(image).orElse(null) == ImageFormat.JPEG ? JpegCheck.header(image) : null;
            boolean checkable = header != null && header.checkable();
            if (k == 2) {
                if (checkable) {
                    JpegCheck.verify(image, header);
                }
                return 0;
            }
            if (!checkable) {
                return Float.floatToIntBits(after.preprocess(image).pixels()[0]);
            }
            int w = header.transposed() ? spec.height() : spec.width();
            int h = header.transposed() ? spec.width() : spec.height();
            return OpenCvJpeg.decode(image, header, w, h, spec.channels() == 1).getWidth();
        } catch (InvalidImageException e) {
            return e.error().ordinal();
        }
    }
}
