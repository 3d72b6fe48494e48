package moodstream.streamer.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyTextTest {
    @Test
    void utf8KeysStayTextAndOthersBecomeBase64WithTheirBytesIntact() {
        KeyText text = KeyText.of("web/happy/😀 é.jpg".getBytes(StandardCharsets.UTF_8));
        assertThat(text).isEqualTo(new KeyText("web/happy/😀 é.jpg", KeyText.UTF8));

        byte[] bad = {(byte) 0xff, 0x00, (byte) 0xc3, 0x28, 0x4b, 0x65, 0x79};
        KeyText binary = KeyText.of(bad);
        assertThat(binary.encoding()).isEqualTo(KeyText.BASE64);
        assertThat(binary.text()).isEqualTo(Base64.getEncoder().encodeToString(bad));
        assertThat(binary.bytes()).isEqualTo(bad);
        assertThat(KeyText.display(bad)).startsWith("base64:");

        // A lone surrogate half encoded as UTF-8 (CESU style) is not valid UTF-8 either.
        byte[] surrogate = {(byte) 0xed, (byte) 0xa0, (byte) 0x80};
        assertThat(KeyText.of(surrogate).encoding()).isEqualTo(KeyText.BASE64);
        assertThat(KeyText.of(new byte[0])).isEqualTo(new KeyText("", KeyText.UTF8));
        assertThat(KeyText.of(null)).isNull();
    }
}
