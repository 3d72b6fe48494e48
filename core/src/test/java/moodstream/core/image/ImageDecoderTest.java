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
import moodstream.core.testing.SharedDatasets;
import moodstream.core.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the decoder refuses because it cannot read it faithfully. */
class ImageDecoderTest {
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);
    private static final byte[] BASELINE_JPEG = TestImages.jpeg(TestImages.noise(200, 150, 5));

    @Test
    void theGeneratedJpegItselfDecodes() {
        // The damaged variants below start from this file: their failures are the damage's.
        assertThat(DECODER.decode(BASELINE_JPEG, 48, 48).info().width()).isEqualTo(200);
    }

    @Test
    void aJpegWhoseScanIsNoiseIsCorrupt() {
        assertCorrupt(TestImages.jpegWithNoiseScan(BASELINE_JPEG, 1), "Corrupt JPEG data");
    }

    @Test
    void aSof9ArithmeticMarkerOverHuffmanDataIsCorrupt() {
        assertCorrupt(TestImages.jpegMarkedArithmetic(BASELINE_JPEG), "Corrupt JPEG data");
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
