package moodstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import moodstream.core.testing.OddImages;
import moodstream.core.testing.TestImages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exif orientation: a stored image, dark with a bright top-left corner, written with each
 * Orientation tag, must come out with the corner where the tag says it is displayed, with the
 * reported width and height of the displayed picture, on the OpenCV path and on the ImageIO path
 * alike (training and serving share the decoder, but a CMYK JPEG takes ImageIO).
 */
class JpegOrientationTest {
    private static final PreprocessingSpec SPEC = PreprocessingSpec.of(16, 16, 1);
    private static final ImagePreprocessor OPENCV = new ImagePreprocessor(SPEC, new ImageDecoder(ImageLimits.DEFAULT, true));
    private static final ImagePreprocessor IMAGEIO = new ImagePreprocessor(SPEC, new ImageDecoder(ImageLimits.DEFAULT, false));

    /** Stored width x height (2:1, so a quarter turn shows in the size too), the bright quarter at the top left. */
    private static BufferedImage cornered(int width, int height) {
        BufferedImage image = TestImages.solid(width, height, Color.BLACK);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width / 2, height / 2);
        g.dispose();
        return image;
    }

    // corner: where the bright quarter is displayed (TL, TR, BL, BR).
    @ParameterizedTest(name = "orientation {0}, {1}x{2}")
    @CsvSource({
        "1, 64, 32, TL", "2, 64, 32, TR", "3, 64, 32, BR", "4, 64, 32, BL",
        "5, 64, 32, TL", "6, 64, 32, TR", "7, 64, 32, BR", "8, 64, 32, BL",
        // Large enough to be decoded at 1/8 (and subsampled on ImageIO's path): the scale must use the stored axes.
        "3, 2048, 1024, BR", "6, 2048, 1024, TR", "8, 2048, 1024, BL", "6, 4096, 256, TR"})
    void theBrightCornerLandsWhereTheTagSays(int orientation, int width, int height, String corner) {
        byte[] jpeg = OddImages.jpegWithExifOrientation(TestImages.jpeg(cornered(width, height)), orientation);
        boolean transposed = orientation >= 5;
        for (ImagePreprocessor path : new ImagePreprocessor[] {OPENCV, IMAGEIO}) {
            PreprocessedImage out = path.preprocess(jpeg);
            assertThat(out.info().width()).isEqualTo(transposed ? height : width);
            assertThat(out.info().height()).isEqualTo(transposed ? width : height);
            boolean top = corner.charAt(0) == 'T';
            boolean left = corner.charAt(1) == 'L';
            // Probe the middle of each displayed quarter: bright (1) in one, dark (0) in the other three.
            for (int qy = 0; qy < 2; qy++) {
                for (int qx = 0; qx < 2; qx++) {
                    float v = out.pixels()[(qy * 8 + 4) * 16 + qx * 8 + 4];
                    boolean bright = (qy == 0) == top && (qx == 0) == left;
                    assertThat(v).as("quarter (%d,%d) of orientation %d on %s", qx, qy, orientation,
                            path == OPENCV ? "OpenCV" : "ImageIO").isCloseTo(bright ? 1f : 0f, org.assertj.core.api.Assertions.within(0.1f));
                }
            }
        }
    }
}
