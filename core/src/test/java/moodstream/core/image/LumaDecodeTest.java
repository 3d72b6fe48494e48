package moodstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import moodstream.core.testing.SharedDatasets;
import moodstream.core.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A one-channel model's colour JPEGs are decoded as their luma (Y) plane alone
 * ({@link ImageDecoder#decode(byte[], int, int, boolean)}): the tensor must stay what the BT.601
 * luma of the colour decode gave, within rounding, so a model trained before serves the same.
 * Compared here: the preprocessor's tensor (the luma path) against the same decoder's colour
 * decode turned gray by {@link ChannelReader} (the path before), mean absolute difference per
 * tensor value in [0,1].
 */
class LumaDecodeTest {
    private static final PreprocessingSpec GRAY = PreprocessingSpec.of(48, 48, 1);
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);

    @Test
    void aColourJpegComesBackAsOneGrayPlaneOfTheSameSize() {
        byte[] jpeg = TestImages.jpeg(OpenCvParityTest.picture(600, 450, 7));
        BufferedImage luma = DECODER.decode(jpeg, 48, 48, true).image();
        BufferedImage colour = DECODER.decode(jpeg, 48, 48, false).image();
        assertThat(luma.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(colour.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        assertThat(luma.getWidth()).isEqualTo(colour.getWidth()).isEqualTo(300); // 1/2 in the DCT: 1/4 would leave 113 rows, under 4x the input
        assertThat(luma.getHeight()).isEqualTo(colour.getHeight()).isEqualTo(225);
    }

    @ParameterizedTest(name = "{0}x{1} progressive={2}")
    @CsvSource({"100, 80, false", "800, 600, false", "800, 600, true", "1600, 1200, true", "6000, 300, false"})
    void theLumaPlaneGivesTheTensorOfTheColourDecode(int width, int height, boolean progressive) {
        BufferedImage picture = OpenCvParityTest.picture(width, height, width * 17L + height);
        byte[] jpeg = progressive ? TestImages.progressiveJpeg(picture) : TestImages.jpeg(picture);
        double[] d = difference(jpeg);
        System.out.printf(Locale.ROOT, "luma %dx%d p=%s: mean %.5f max %.4f%n", width, height, progressive, d[0], d[1]);
        assertThat(d[0]).as("mean |Y - luma of RGB|").isLessThan(0.002)
                .as("the preprocessor took the luma path: rounding alone keeps the two apart").isGreaterThan(0);
        assertThat(d[1]).as("largest |Y - luma of RGB|").isLessThan(0.05);
    }

    /** Saturated colours are where the two part: RGB clamps to 0..255 before the luma is taken, Y does not. */
    @Test
    void saturatedColoursStayWithinRounding() {
        byte[] jpeg = TestImages.jpeg(TestImages.halves(320, 240, new Color(255, 0, 0), new Color(0, 0, 255)));
        double[] d = difference(jpeg);
        assertThat(d[0]).isLessThan(0.01);
        assertThat(d[1]).isLessThan(0.05);
    }

    @Test
    void otherFormatsAndThreeChannelModelsKeepTheirColours() {
        BufferedImage picture = OpenCvParityTest.picture(400, 300, 3);
        byte[] png = TestImages.png(picture);
        assertThat(DECODER.decode(png, 48, 48, true).image().getType()).isEqualTo(DECODER.decode(png, 48, 48, false).image().getType())
                .isNotEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        byte[] jpeg = TestImages.jpeg(picture);
        try (ImagePreprocessor rgb = new ImagePreprocessor(PreprocessingSpec.of(48, 48, 3), ImageLimits.DEFAULT)) {
            float[] chw = rgb.preprocess(jpeg).pixels();
            float[] expected = rgb.preprocess(DECODER.decode(jpeg, 48, 48, false)).pixels();
            assertThat(chw).containsExactly(expected);
        }
    }

    /** Over every colour web JPEG: the mean difference, and no photo far from it. */
    @Test
    void theWebPhotosKeepTheirTensors() throws IOException {
        Path dir = SharedDatasets.require("web-happy-sad");
        double sum = 0;
        double worst = 0;
        int n = 0;
        for (byte[] bytes : OpenCvParityTest.jpegs(dir).values()) {
            if (JpegCheck.header(bytes).components() != 3) {
                continue;
            }
            double[] d = difference(bytes);
            sum += d[0];
            worst = Math.max(worst, d[0]);
            n++;
        }
        System.out.printf(Locale.ROOT, "luma, %d colour web JPEGs: mean %.5f, worst photo %.5f%n", n, sum / n, worst);
        assertThat(n).isGreaterThanOrEqualTo(280);
        assertThat(sum / n).isLessThan(0.001);
        assertThat(worst).isLessThan(0.01);
    }

    /** {mean, max} of |luma path - colour decode's luma| over the 48x48 tensor. */
    private static double[] difference(byte[] jpeg) {
        try (ImagePreprocessor gray = new ImagePreprocessor(GRAY, ImageLimits.DEFAULT)) {
            float[] luma = gray.preprocess(jpeg).pixels();
            float[] before = gray.preprocess(DECODER.decode(jpeg, 48, 48, false)).pixels();
            OpenCvParityTest.Difference d = OpenCvParityTest.difference(luma, before);
            return new double[] {d.mean(), d.max()};
        }
    }
}
