package moodstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import moodstream.core.testing.SharedDatasets;
import moodstream.core.testing.TestImages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenCV path feeds the model (nearly) what the ImageIO path did, so a model trained before
 * the switch serves the same after it. Tolerance: the mean absolute difference per tensor value,
 * in [0,1], after resizing to 48x48. Two references: the ImageIO path as it was (point
 * subsampling past 8x the target), and the exact area average of ImageIO's full-size decode
 * ("exact"). Asserted, per image: |OpenCV - exact| under 0.01 on the generated JPEGs and 0.025 on
 * the web photos, and |OpenCV - ImageIO| under 0.02 (generated) and 0.04 (web); over the web set:
 * |OpenCV - exact| under 0.002 and below the ImageIO path's own, |OpenCV - ImageIO| under 0.01.
 * Measured (docs/performance.md): the OpenCV path is about 5x closer to exact than the ImageIO
 * path, whose subsampling aliases fine detail (text, logos, the generated salt noise), so most of
 * |OpenCV - ImageIO| is ImageIO's error.
 *
 * <p>Where differences come from: libjpeg's DCT scaling computes each output pixel of a 1/8 decode
 * from its block's DC coefficient (the block's exact mean before quantization rounding), where
 * ImageIO decodes every pixel, clamps to 0..255, rounds, and keeps every 8th-or-so row and column;
 * the area resize then averages both. Colour: libjpeg-turbo's and the JDK's libjpeg upsample chroma
 * differently ("fancy" upsampling at full size, none when scaled). Both are far below what the
 * model can see; the measured numbers are in docs/performance.md.
 */
class OpenCvParityTest {
    static final double GENERATED_TO_EXACT = 0.01;
    static final double GENERATED_TO_IMAGEIO = 0.02;
    static final double WEB_TO_EXACT = 0.025;
    static final double WEB_TO_IMAGEIO = 0.04;

    private static ImagePreprocessor path(int channels, boolean openCv) {
        return new ImagePreprocessor(PreprocessingSpec.of(48, 48, channels), new ImageDecoder(ImageLimits.DEFAULT, openCv));
    }

    /** A photo-like picture: gradients, soft shapes and some texture, seeded. */
    static BufferedImage picture(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt(0x1000000)), width, height, new Color(random.nextInt(0x1000000))));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color(random.nextInt(0x1000000)));
            int w = 1 + random.nextInt(Math.max(1, width / 3));
            int h = 1 + random.nextInt(Math.max(1, height / 3));
            g.fillOval(random.nextInt(width), random.nextInt(height), w, h);
        }
        g.dispose();
        for (int i = 0; i < width * height / 20; i++) {
            image.setRGB(random.nextInt(width), random.nextInt(height), random.nextInt(0x1000000));
        }
        return image;
    }

    @ParameterizedTest(name = "{0}x{1} progressive={2} channels={3}")
    @CsvSource({
        "100, 80, false, 3", "100, 80, false, 1",
        "800, 600, false, 3", "800, 600, true, 3",
        "1600, 1200, false, 3", "1600, 1200, true, 1",
        "4000, 3000, false, 3",
        "6000, 300, false, 3"})
    void generatedJpegsGiveNearlyTheSameTensor(int width, int height, boolean progressive, int channels) {
        BufferedImage image = picture(width, height, width * 31L + height);
        byte[] jpeg = progressive ? TestImages.progressiveJpeg(image) : TestImages.jpeg(image);
        Difference d = compare(jpeg, channels);
        System.out.printf(Locale.ROOT, "parity %dx%d p=%s c=%d: |OpenCV-ImageIO| %.5f (max %.4f), to exact: OpenCV %.5f ImageIO %.5f%n",
                width, height, progressive, channels, d.mean(), d.max(), d.openCvToExact(), d.imageIoToExact());
        assertThat(d.openCvToExact()).as("mean |OpenCV - exact|").isLessThan(GENERATED_TO_EXACT);
        assertThat(d.mean()).as("mean |OpenCV - ImageIO|").isLessThan(GENERATED_TO_IMAGEIO);
    }

    // RGB only: gray measured the same (docs/performance.md) and every photo costs a full decode here.
    @ParameterizedTest(name = "channels={0}")
    @ValueSource(ints = {3})
    void theWebPhotosGiveNearlyTheSameTensor(int channels) throws IOException {
        Path dir = SharedDatasets.require("web-happy-sad");
        List<String> over = new ArrayList<>();
        double sum = 0;
        double worst = 0;
        double maxValue = 0;
        double toExact = 0;
        double imageIoToExact = 0;
        double worstToExact = 0;
        int n = 0;
        for (Map.Entry<Path, byte[]> jpeg : jpegs(dir).entrySet()) {
            Path file = jpeg.getKey();
            byte[] bytes = jpeg.getValue();
            Difference d = compare(bytes, channels);
            toExact += d.openCvToExact();
            imageIoToExact += d.imageIoToExact();
            worstToExact = Math.max(worstToExact, d.openCvToExact());
            sum += d.mean();
            worst = Math.max(worst, d.mean());
            maxValue = Math.max(maxValue, d.max());
            n++;
            if (d.openCvToExact() >= WEB_TO_EXACT || d.mean() >= WEB_TO_IMAGEIO) {
                over.add(dir.relativize(file) + String.format(Locale.ROOT, ": to exact %.4f, to ImageIO %.4f",
                        d.openCvToExact(), d.mean()));
            }
        }
        System.out.printf(Locale.ROOT, "parity, %d web JPEGs, %d channel(s): mean of means %.5f, worst image mean %.5f, worst value %.4f%n",
                n, channels, sum / n, worst, maxValue);
        System.out.printf(Locale.ROOT, "to exact, %d channel(s): OpenCV mean %.5f worst %.5f, ImageIO mean %.5f%n",
                channels, toExact / n, worstToExact, imageIoToExact / n);
        assertThat(n).isGreaterThanOrEqualTo(283);
        assertThat(over).isEmpty();
        assertThat(toExact / n).isLessThan(0.002).isLessThan(imageIoToExact / n);
        assertThat(sum / n).isLessThan(0.01);
    }

    /** Every JPEG under {@code dir} (sniffed, not by name), in path order, with its bytes. */
    static Map<Path, byte[]> jpegs(Path dir) throws IOException {
        Map<Path, byte[]> jpegs = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                if (ImageFormat.sniff(bytes).orElse(null) == ImageFormat.JPEG) {
                    jpegs.put(file, bytes);
                }
            }
        }
        return jpegs;
    }

    /** OpenCV's tensor against ImageIO's, and each against the exact area average of the full decode. */
    record Difference(double mean, double max, double openCvToExact, double imageIoToExact) {
    }

    private static Difference compare(byte[] jpeg, int channels) {
        ImagePreprocessor imageIo = path(channels, false);
        float[] a = path(channels, true).preprocess(jpeg).pixels();
        float[] b = imageIo.preprocess(jpeg).pixels();
        float[] exact = imageIo.preprocess(imageIo.decoder().decode(jpeg)).pixels();
        Difference d = difference(a, b);
        return new Difference(d.mean(), d.max(), difference(a, exact).mean(), difference(b, exact).mean());
    }

    /** Mean and largest |a - b| (the two references' fields 0). */
    static Difference difference(float[] a, float[] b) {
        double sum = 0;
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            sum += d;
            max = Math.max(max, d);
        }
        return new Difference(sum / a.length, max, 0, 0);
    }
}
