package moodstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import moodstream.core.testing.SharedDatasets;
import moodstream.core.testing.TestImages;
import org.junit.jupiter.api.Test;

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

    static void assertCorrupt(byte[] bytes, String messagePart) {
        assertThatThrownBy(() -> DECODER.decode(bytes, 48, 48))
                .isInstanceOfSatisfying(InvalidImageException.class, e -> assertThat(e.error()).isEqualTo(ImageError.CORRUPT))
                .hasMessageContaining(messagePart);
    }
}
