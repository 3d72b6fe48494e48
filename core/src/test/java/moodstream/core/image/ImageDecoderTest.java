package moodstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import moodstream.core.testing.OddImages;
import moodstream.core.testing.SharedDatasets;
import moodstream.core.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the decoder refuses because it cannot read it faithfully. */
class ImageDecoderTest {
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);
    private static final byte[] BASELINE_JPEG = TestImages.jpeg(TestImages.noise(200, 150, 5));
    private static final byte[] PROGRESSIVE_JPEG = TestImages.progressiveJpeg(TestImages.noise(200, 150, 6));

    @Test
    void theGeneratedJpegItselfDecodes() {
        // The damaged variants below start from this file: their failures are the damage's.
        assertThat(DECODER.decode(BASELINE_JPEG, 48, 48).info().width()).isEqualTo(200);
    }

    /** The JPEG check (OpenCV reports no libjpeg warning) finds what libjpeg warned of through ImageIO. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void aJpegWhoseScanIsNoiseIsCorrupt(long seed) {
        assertCorrupt(TestImages.jpegWithNoiseScan(BASELINE_JPEG, seed), "JPEG image is corrupt: scan 1");
    }

    @Test
    void aProgressiveJpegWithANoiseScanIsCorrupt() {
        // OddImages replaces the first scan's data up to the file's end: later scans are gone too.
        assertCorrupt(OddImages.jpegWithNoiseScan(PROGRESSIVE_JPEG, 3), "JPEG image is corrupt");
    }

    @Test
    void theGeneratedProgressiveJpegItselfDecodes() {
        assertThat(DECODER.decode(PROGRESSIVE_JPEG, 48, 48).info().width()).isEqualTo(200);
    }

    @Test
    void aSof9ArithmeticMarkerOverHuffmanDataIsCorrupt() {
        // Arithmetic coding is not OpenCV's: ImageIO reads it, and libjpeg's warning makes it CORRUPT.
        assertCorrupt(TestImages.jpegMarkedArithmetic(BASELINE_JPEG), "Corrupt JPEG data");
    }

    @Test
    void aJpegCutMidScanIsCorrupt() {
        assertCorrupt(OddImages.jpegCutMidScan(BASELINE_JPEG), "the file ends inside scan 1");
        // Cut halfway through all the scans' data: the file ends in a later scan.
        assertCorrupt(OddImages.jpegCutMidScan(PROGRESSIVE_JPEG), "the file ends inside scan ");
    }

    @Test
    void aJpegWithoutEoiIsCorrupt() {
        assertCorrupt(OddImages.jpegWithoutEoi(BASELINE_JPEG), "without EOI");
        assertCorrupt(OddImages.jpegWithoutEoi(PROGRESSIVE_JPEG), "without EOI");
    }

    @Test
    void aJpegHeaderWithoutScanIsCorrupt() {
        assertCorrupt(OddImages.jpegHeaderOnly(BASELINE_JPEG), "the file ends inside scan 1");
    }

    @Test
    void aByteOfScanDataRemovedOrAddedIsCorrupt() {
        int middle = BASELINE_JPEG.length / 2;
        byte[] shorter = new byte[BASELINE_JPEG.length - 1];
        System.arraycopy(BASELINE_JPEG, 0, shorter, 0, middle);
        System.arraycopy(BASELINE_JPEG, middle + 1, shorter, middle, shorter.length - middle);
        assertThatThrownBy(() -> DECODER.decode(shorter, 48, 48))
                .isInstanceOfSatisfying(InvalidImageException.class, e -> assertThat(e.error()).isEqualTo(ImageError.CORRUPT));
        byte[] longer = new byte[BASELINE_JPEG.length + 3];
        System.arraycopy(BASELINE_JPEG, 0, longer, 0, BASELINE_JPEG.length - 2);
        longer[BASELINE_JPEG.length - 2] = 0x12; // three bytes after the last block, then EOI
        longer[BASELINE_JPEG.length - 1] = 0x34;
        longer[BASELINE_JPEG.length] = 0x56;
        longer[BASELINE_JPEG.length + 1] = (byte) 0xFF;
        longer[BASELINE_JPEG.length + 2] = (byte) 0xD9;
        assertCorrupt(longer, "extraneous bytes");
    }

    @Test
    void trailingBytesAfterEoiAreNotCorruption() {
        byte[] trailing = java.util.Arrays.copyOf(BASELINE_JPEG, BASELINE_JPEG.length + 5);
        assertThat(DECODER.decode(trailing, 48, 48).info().width()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"IHDR", "PLTE", "tRNS", "IDAT", "IEND"})
    void aPngWithAWrongCrcInAChunkThatMakesThePixelsIsCorrupt(String chunk) {
        assertCorrupt(TestImages.pngWithBadCrc(palettePngWithTransparency(), chunk), chunk + " chunk");
    }

    @Test
    void aWrongCrcInAnAncillaryChunkThatIsNotReadIsIgnored() {
        byte[] png = TestImages.pngWithBadCrc(palettePngWithTransparency(), "tEXt");
        assertThat(DECODER.decode(png, 48, 48).info().width()).isEqualTo(16);
    }

    /**
     * Failing on every warning is only right if real photos raise none: every JPEG and PNG of
     * the web-happy-sad set (283 + 18 files) must decode. Skipped when the data set is absent.
     */
    @Test
    void noRealPhotoOfTheWebSetIsRefused() throws IOException {
        Path dir = SharedDatasets.require("web-happy-sad");
        List<String> refused = new ArrayList<>();
        int decoded = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                if (ImageFormat.sniff(bytes).isEmpty()) {
                    continue;
                }
                try {
                    DECODER.decode(bytes, 48, 48);
                    decoded++;
                } catch (InvalidImageException e) {
                    refused.add(dir.relativize(file) + ": " + e.error() + " " + e.getMessage());
                }
            }
        }
        assertThat(refused).isEmpty();
        assertThat(decoded).isGreaterThanOrEqualTo(283);
    }

    /** A 16x16 palette PNG with a transparent entry: with IHDR, PLTE, tRNS, tEXt, IDAT and IEND chunks. */
    private static byte[] palettePngWithTransparency() {
        byte[] level = {0, (byte) 255};
        IndexColorModel palette = new IndexColorModel(1, 2, level, level, level, 0);
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_BINARY, palette);
        byte[] png = TestImages.pngWithText(TestImages.png(image), "Comment", "a garbled tag does not change the picture");
        String chunks = new String(png, StandardCharsets.ISO_8859_1);
        for (String chunk : List.of("IHDR", "PLTE", "tRNS", "tEXt", "IDAT", "IEND")) {
            assertThat(chunks).as("the test PNG's chunks").contains(chunk);
        }
        return png;
    }

    static void assertCorrupt(byte[] bytes, String messagePart) {
        assertThatThrownBy(() -> DECODER.decode(bytes, 48, 48))
                .isInstanceOfSatisfying(InvalidImageException.class, e -> assertThat(e.error()).isEqualTo(ImageError.CORRUPT))
                .hasMessageContaining(messagePart);
    }
}
