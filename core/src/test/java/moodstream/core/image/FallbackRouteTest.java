package moodstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import moodstream.core.testing.TestImages;
import org.junit.jupiter.api.Test;

/** What counts as gray and as small for the route of images without a face. */
class FallbackRouteTest {
    private static final PreprocessingSpec WHOLE = PreprocessingSpec.of(48, 48, 1);

    @Test
    void grayIsOneStoredComponentOrChannelsWithinJpegRounding() {
        assertThat(FallbackRoute.isGray(new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY))).isTrue();
        assertThat(FallbackRoute.isGray(new BufferedImage(40, 30, BufferedImage.TYPE_USHORT_GRAY))).isTrue();
        assertThat(FallbackRoute.isGray(TestImages.solid(40, 30, new Color(120, 126, 118)))).as("within 8 of 255").isTrue();
        assertThat(FallbackRoute.isGray(TestImages.solid(40, 30, new Color(120, 130, 120)))).isFalse();
        assertThat(FallbackRoute.isGray(TestImages.noise(40, 30, 1))).isFalse();
        // One coloured pixel on the sampling grid is enough.
        BufferedImage mostlyGray = TestImages.solid(40, 30, Color.GRAY);
        mostlyGray.setRGB(8, 12, Color.RED.getRGB());
        assertThat(FallbackRoute.isGray(mostlyGray)).isFalse();
        // 16 bits a channel: compared on the top 8.
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        BufferedImage deep = new BufferedImage(model, model.createCompatibleWritableRaster(8, 8), false, null);
        deep.getRaster().setPixel(0, 0, new int[] {200 * 256, 200 * 256 + 255, 200 * 256});
        assertThat(FallbackRoute.isGray(deep)).isTrue();
        deep.getRaster().setPixel(4, 4, new int[] {200 * 256, 100 * 256, 100 * 256});
        assertThat(FallbackRoute.isGray(deep)).isFalse();
    }

    @Test
    void aPaletteIsGrayWhenEveryEntryIs() {
        byte[] ramp = new byte[16];
        for (int i = 0; i < 16; i++) {
            ramp[i] = (byte) (i * 16);
        }
        BufferedImage grayPalette = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(4, 16, ramp, ramp, ramp));
        assertThat(FallbackRoute.isGray(grayPalette)).isTrue();
        byte[] red = ramp.clone();
        red[3] = (byte) 255;
        BufferedImage colourPalette = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(4, 16, red, ramp, ramp));
        assertThat(FallbackRoute.isGray(colourPalette)).isFalse();
    }

    @Test
    void theRouteTakesLargeColourImagesOnly() {
        ImageInfo large = new ImageInfo(ImageFormat.PNG, 200, 96, 1000);
        ImageInfo small = new ImageInfo(ImageFormat.PNG, 200, 95, 1000);
        BufferedImage colour = TestImages.noise(20, 20, 2);
        BufferedImage gray = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY);
        FallbackRoute route = new FallbackRoute(WHOLE, 96, true, false);
        assertThat(route.takes(new DecodedImage(large, colour))).isTrue();
        assertThat(route.takes(new DecodedImage(small, colour))).isFalse();
        assertThat(route.takes(new DecodedImage(large, gray))).isFalse();
        assertThat(new FallbackRoute(WHOLE, 0, false, false).takes(new DecodedImage(small, gray))).isTrue();
        assertThatThrownBy(() -> new FallbackRoute(WHOLE, -1, false, false)).hasMessageContaining("0 or more");
    }

    @Test
    void aRouteBlendsOnlyWhenToldAndOnlyWhatItWouldTake() {
        ImageInfo large = new ImageInfo(ImageFormat.PNG, 200, 96, 1000);
        BufferedImage colour = TestImages.noise(20, 20, 2);
        BufferedImage gray = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY);
        assertThat(new FallbackRoute(WHOLE, 96, true, false).blends(new DecodedImage(large, colour))).as("off by default").isFalse();
        FallbackRoute blending = new FallbackRoute(WHOLE, 96, true, true);
        assertThat(blending.blends(new DecodedImage(large, colour))).isTrue();
        assertThat(blending.blends(new DecodedImage(large, gray))).as("a gray face is a face crop").isFalse();
        assertThat(blending.blends(new DecodedImage(new ImageInfo(ImageFormat.PNG, 200, 95, 1000), colour))).isFalse();
    }
}
