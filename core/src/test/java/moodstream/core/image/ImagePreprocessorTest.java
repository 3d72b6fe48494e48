package moodstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import moodstream.core.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImagePreprocessorTest {
    private static final ImagePreprocessor RGB_16 = new ImagePreprocessor(PreprocessingSpec.of(16, 16, 3), ImageLimits.DEFAULT);

    /** Value of channel c at (x, y) in a CHW tensor of a 16x16 spec. */
    private static float at(PreprocessedImage image, int c, int x, int y) {
        return image.pixels()[c * 256 + y * 16 + x];
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp", "gif", "jpeg"})
    void keepsRgbOrderAndOrientationInEveryFormat(String format) {
        byte[] bytes = TestImages.encode(TestImages.halves(32, 32, Color.RED, Color.BLUE), format);
        PreprocessedImage out = RGB_16.preprocess(bytes);
        float tolerance = format.equals("jpeg") ? 0.08f : 1e-6f;
        // Left of the image is red: R=1, B=0. Right is blue: R=0, B=1. Probe away from the seam.
        assertThat(at(out, 0, 2, 8)).isCloseTo(1f, within(tolerance));
        assertThat(at(out, 2, 2, 8)).isCloseTo(0f, within(tolerance));
        assertThat(at(out, 0, 13, 8)).isCloseTo(0f, within(tolerance));
        assertThat(at(out, 2, 13, 8)).isCloseTo(1f, within(tolerance));
        assertThat(out.info().format().imageIoName()).isEqualTo(format);
        assertThat(out.info().width()).isEqualTo(32);
    }

    @Test
    void grayIsReadAsStoredNotGammaBrightenedAndCopiedToEachChannel() {
        BufferedImage gray = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = gray.getRaster();
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                r.setSample(x, y, 0, 64);
            }
        }
        PreprocessedImage out = RGB_16.preprocess(TestImages.png(gray));
        for (int c = 0; c < 3; c++) {
            assertThat(at(out, c, 5, 5)).isCloseTo(64f / 255f, within(1e-6f));
        }
    }

    @Test
    void transparentPixelsBecomeWhiteAndHalfAlphaBlends() {
        BufferedImage argb = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                argb.setRGB(x, y, x < 8 ? 0x00000000 : 0x80FF0000); // transparent black | half-opaque red
            }
        }
        PreprocessedImage out = RGB_16.preprocess(TestImages.png(argb));
        for (int c = 0; c < 3; c++) {
            assertThat(at(out, c, 2, 2)).isCloseTo(1f, within(1e-6f));
        }
        float a = 0x80 / 255f;
        assertThat(at(out, 0, 12, 2)).isCloseTo(1f, within(1e-5f));
        assertThat(at(out, 1, 12, 2)).isCloseTo(1f - a, within(1e-5f));
        assertThat(at(out, 2, 12, 2)).isCloseTo(1f - a, within(1e-5f));
    }

    @Test
    void sixteenBitGrayAndRgbUseTheirFullRange() {
        BufferedImage gray16 = new BufferedImage(16, 16, BufferedImage.TYPE_USHORT_GRAY);
        fill(gray16.getRaster(), 0, 40000);
        PreprocessedImage gray = RGB_16.preprocess(TestImages.png(gray16));
        assertThat(at(gray, 1, 3, 3)).isCloseTo(40000f / 65535f, within(1e-6f));

        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {16, 16, 16}, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        BufferedImage rgb16 = new BufferedImage(cm, cm.createCompatibleWritableRaster(16, 16), false, null);
        fill(rgb16.getRaster(), 0, 65535);
        fill(rgb16.getRaster(), 1, 1000);
        fill(rgb16.getRaster(), 2, 30000);
        PreprocessedImage rgb = RGB_16.preprocess(TestImages.png(rgb16));
        assertThat(at(rgb, 0, 7, 7)).isCloseTo(1f, within(1e-6f));
        assertThat(at(rgb, 1, 7, 7)).isCloseTo(1000f / 65535f, within(1e-6f));
        assertThat(at(rgb, 2, 7, 7)).isCloseTo(30000f / 65535f, within(1e-6f));
    }

    @Test
    void paletteImagesUseTheirPaletteColours() {
        byte[] red = {(byte) 255, 0};
        byte[] green = {0, (byte) 128};
        byte[] blue = {0, (byte) 255};
        IndexColorModel palette = new IndexColorModel(1, 2, red, green, blue);
        BufferedImage indexed = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_BINARY, palette);
        for (int y = 0; y < 16; y++) {
            for (int x = 8; x < 16; x++) {
                indexed.getRaster().setSample(x, y, 0, 1);
            }
        }
        PreprocessedImage out = RGB_16.preprocess(TestImages.png(indexed));
        assertThat(at(out, 0, 2, 2)).isCloseTo(1f, within(1e-6f));
        assertThat(at(out, 1, 12, 2)).isCloseTo(128f / 255f, within(1e-6f));
        assertThat(at(out, 2, 12, 2)).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void fourComponentCmykJpegsAreDecodedToRgb() {
        byte[] cmyk = TestImages.cmykJpeg(32, 32);
        PreprocessedImage out = RGB_16.preprocess(cmyk);
        assertThat(out.pixels()).hasSize(3 * 256);
        // A profile-less CMYK JPEG has no single right RGB (readers guess the ink convention), so
        // this checks the two differently inked halves stay different colours rather than exact values.
        double distance = 0;
        for (int c = 0; c < 3; c++) {
            distance += Math.abs(at(out, c, 2, 8) - at(out, c, 13, 8));
        }
        assertThat(distance).isGreaterThan(0.5);
    }

    @Test
    void aYcckJpegWithoutColourProfileIsDecodedNotRefused() {
        // TwelveMonkeys notes the missing ICC profile as a warning; colours approximate, pixels all there.
        PreprocessedImage out = RGB_16.preprocess(moodstream.core.testing.OddImages.ycckJpeg(32, 32));
        assertThat(out.pixels()).hasSize(3 * 256);
    }

    @Test
    void oneChannelModelsGetBt601Luma() {
        ImagePreprocessor gray = new ImagePreprocessor(PreprocessingSpec.of(16, 16, 1), ImageLimits.DEFAULT);
        PreprocessedImage out = gray.preprocess(TestImages.png(TestImages.solid(16, 16, new Color(200, 100, 50))));
        assertThat(out.pixels()).hasSize(256);
        float expected = (0.299f * 200 + 0.587f * 100 + 0.114f * 50) / 255f;
        assertThat(out.pixels()[100]).isCloseTo(expected, within(1e-5f));
    }

    @Test
    void shrinkingAveragesAreasAndEnlargingKeepsFlatColour() {
        BufferedImage checker = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                checker.getRaster().setSample(x, y, 0, (x + y) % 2 == 0 ? 255 : 0);
            }
        }
        PreprocessedImage down = RGB_16.preprocess(TestImages.png(checker));
        for (float v : down.pixels()) {
            assertThat(v).isCloseTo(0.5f, within(1e-5f));
        }
        PreprocessedImage up = RGB_16.preprocess(TestImages.png(TestImages.solid(5, 3, new Color(10, 20, 30))));
        assertThat(at(up, 0, 15, 15)).isCloseTo(10f / 255f, within(1e-5f));
        assertThat(at(up, 2, 0, 0)).isCloseTo(30f / 255f, within(1e-5f));
    }

    @Test
    void largeImagesAreSubsampledWhileDecodingButStillAveraged() {
        // 1024x1024 halves: the decoder reads every 16th pixel, the area resize still sees both halves.
        PreprocessedImage out = RGB_16.preprocess(TestImages.png(TestImages.halves(1024, 1024, Color.WHITE, Color.BLACK)));
        assertThat(out.info().width()).isEqualTo(1024);
        assertThat(at(out, 0, 3, 3)).isCloseTo(1f, within(1e-5f));
        assertThat(at(out, 0, 12, 3)).isCloseTo(0f, within(1e-5f));
    }

    @Test
    void pixelLimitIsEnforcedFromTheHeaderBeforeAnyPixelIsDecoded() throws IOException {
        // A 60000x60000 PNG header with no pixel data at all: decoding would fail as CORRUPT
        // (or exhaust the heap); refusing it as too large proves only the header was read.
        byte[] bomb = TestImages.pngHeaderOnly(60_000, 60_000);
        assertThatThrownBy(() -> RGB_16.preprocess(bomb))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.error()).isEqualTo(ImageError.TOO_MANY_PIXELS))
                .hasMessageContaining("60000x60000");
    }

    @Test
    void byteLimitIsEnforcedFirst() {
        ImagePreprocessor tiny = new ImagePreprocessor(PreprocessingSpec.of(16, 16, 3), new ImageLimits(100, 1_000_000));
        byte[] png = TestImages.png(TestImages.noise(32, 32, 1));
        assertThatThrownBy(() -> tiny.preprocess(png))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.error()).isEqualTo(ImageError.TOO_MANY_BYTES));
    }

    @Test
    void brokenInputsGetTheirOwnCodes() {
        byte[] jpeg = TestImages.jpeg(TestImages.noise(64, 64, 2));
        byte[] png = TestImages.png(TestImages.noise(64, 64, 3));
        assertCode(new byte[0], ImageError.EMPTY);
        assertCode("not an image at all".getBytes(StandardCharsets.US_ASCII), ImageError.NOT_AN_IMAGE);
        assertCode("RIFF\0\0\0\0WEBPVP8 xxxxxxxx".getBytes(StandardCharsets.US_ASCII), ImageError.UNSUPPORTED_FORMAT);
        assertCode(TestImages.truncated(jpeg, 0.5), ImageError.CORRUPT);
        assertCode(TestImages.truncated(png, 0.5), ImageError.CORRUPT);
        byte[] garbled = png.clone();
        for (int i = 40; i < garbled.length - 20; i++) {
            garbled[i] = (byte) (i * 31);
        }
        assertCode(garbled, ImageError.CORRUPT);
    }

    private static void assertCode(byte[] bytes, ImageError code) {
        assertThatThrownBy(() -> RGB_16.preprocess(bytes))
                .isInstanceOfSatisfying(InvalidImageException.class, e -> assertThat(e.error()).isEqualTo(code))
                .hasMessageNotContaining("null");
    }

    private static void fill(WritableRaster raster, int band, int value) {
        for (int y = 0; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                raster.setSample(x, y, band, value);
            }
        }
    }

}
