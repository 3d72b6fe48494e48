package moodstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import moodstream.core.testing.TestImages;
import org.junit.jupiter.api.Test;

class ImageFormatTest {
    @Test
    void recognisesEachSupportedFormatByItsBytes() {
        var image = TestImages.solid(16, 16, Color.ORANGE);
        assertThat(ImageFormat.sniff(TestImages.jpeg(image))).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.sniff(TestImages.png(image))).contains(ImageFormat.PNG);
        assertThat(ImageFormat.sniff(TestImages.encode(image, "bmp"))).contains(ImageFormat.BMP);
        assertThat(ImageFormat.sniff(TestImages.encode(image, "gif"))).contains(ImageFormat.GIF);
    }

    @Test
    void mediaTypes() {
        assertThat(ImageFormat.JPEG.mediaType()).isEqualTo("image/jpeg");
        assertThat(ImageFormat.PNG.mediaType()).isEqualTo("image/png");
        assertThat(ImageFormat.BMP.mediaType()).isEqualTo("image/bmp");
        assertThat(ImageFormat.GIF.mediaType()).isEqualTo("image/gif");
    }

    @Test
    void textIsNoImageAndWebpIsNamed() {
        assertThat(ImageFormat.sniff("hello, world".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII);
        assertThat(ImageFormat.sniff(webp)).isEmpty();
        assertThat(ImageFormat.sniffUnsupported(webp)).contains("WebP");
    }
}
