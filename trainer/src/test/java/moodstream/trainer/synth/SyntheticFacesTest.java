package moodstream.trainer.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import moodstream.core.image.DecodedImage;
import moodstream.core.image.ImageDecoder;
import moodstream.core.image.ImageLimits;
import moodstream.trainer.synth.SyntheticFaces.Face;
import org.junit.jupiter.api.Test;

class SyntheticFacesTest {
    private final SyntheticFaces faces = new SyntheticFaces();

    @Test
    void theSameRandomStateGivesTheSameBytesAndAnotherGivesOthers() {
        byte[] first = faces.drawPng(Expression.HAPPY, new SplittableRandom(7));
        byte[] again = faces.drawPng(Expression.HAPPY, new SplittableRandom(7));
        byte[] other = faces.drawPng(Expression.HAPPY, new SplittableRandom(8));
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void everyFaceDecodesThroughCoreAsA128PixelSquare() {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        for (Expression expression : Expression.values()) {
            for (int i = 0; i < 20; i++) {
                DecodedImage decoded = decoder.decode(faces.drawPng(expression, new SplittableRandom(i)));
                assertThat(decoded.info().width()).isEqualTo(128);
                assertThat(decoded.info().height()).isEqualTo(128);
            }
        }
    }

    /**
     * The mouth alone is the face minus the same face without it (same noise, same everything
     * else). Along the mouth, ink in its middle third must sit lower than ink in its outer thirds
     * for a smile, higher for a frown, by a clear margin. Fails when the labels are swapped, when
     * the mouth is missing, or when it is drawn nearly flat (the weakest of these 400 bends 4.9 px).
     */
    @Test
    void aHappyMouthIsLowerInTheMiddleThanAtTheCornersAndASadOneHigher() {
        for (Expression expression : Expression.values()) {
            double weakest = Double.MAX_VALUE;
            for (int i = 0; i < 200; i++) {
                Face face = faces.sample(expression, new SplittableRandom(1000 + i));
                double bend = mouthBend(faces.render(face), faces.render(face.withoutMouth()));
                // positive: the middle is lower (image y grows downwards) than the corners
                weakest = Math.min(weakest, bend * (expression == Expression.HAPPY ? 1 : -1));
            }
            assertThat(weakest).as("smallest bend of a %s mouth, in pixels, the right way round", expression)
                    .isGreaterThan(3.0);
        }
    }

    @Test
    void facesVary() {
        Set<Integer> sizes = new HashSet<>();
        Set<SyntheticFaces.EyeShape> eyes = new HashSet<>();
        int filled = 0;
        int blurred = 0;
        for (int i = 0; i < 200; i++) {
            Face face = faces.sample(Expression.SAD, new SplittableRandom(i));
            sizes.add((int) face.rx());
            eyes.add(face.eyes().shape());
            filled += face.fill().isPresent() ? 1 : 0;
            blurred += face.blur() ? 1 : 0;
        }
        assertThat(sizes).hasSizeGreaterThan(8);
        assertThat(eyes).containsExactlyInAnyOrder(SyntheticFaces.EyeShape.values());
        assertThat(filled).isBetween(100, 199);
        assertThat(blurred).isBetween(20, 120);
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> new SyntheticFaces.Options(16, 10, 0.3, 0.3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32");
        assertThatThrownBy(() -> new SyntheticFaces.Options(128, -1, 0.3, 0.3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SyntheticFaces.Options(128, 10, 1.5, 0.3)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Ink-weighted mean y of the mouth's middle third minus that of its outer thirds, where the
     * mouth is every pixel that differs between the two images.
     */
    private static double mouthBend(BufferedImage withMouth, BufferedImage without) {
        int w = withMouth.getWidth();
        int h = withMouth.getHeight();
        int[] ink = new int[w * h];
        int minX = w;
        int maxX = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a = withMouth.getRGB(x, y);
                int b = without.getRGB(x, y);
                int d = Math.abs(((a >> 16) & 0xFF) - ((b >> 16) & 0xFF)) + Math.abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF))
                        + Math.abs((a & 0xFF) - (b & 0xFF));
                ink[y * w + x] = d;
                if (d > 30) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                }
            }
        }
        assertThat(maxX - minX).as("width of the drawn mouth in pixels").isGreaterThan(15);
        double third = (maxX - minX) / 3.0;
        double[] middle = new double[2];
        double[] outer = new double[2];
        for (int y = 0; y < h; y++) {
            for (int x = minX; x <= maxX; x++) {
                double weight = ink[y * w + x];
                double[] band = x - minX >= third && maxX - x >= third ? middle : outer;
                band[0] += weight * y;
                band[1] += weight;
            }
        }
        return middle[0] / middle[1] - outer[0] / outer[1];
    }
}
