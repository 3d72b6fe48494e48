package moodstream.streamer.labeling;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A record key as JSON text. Keys are bytes in Kafka and the streamer never rewrites them;
 * JSON needs text, so a key that is valid UTF-8 travels as itself and any other as base64,
 * with {@link #encoding()} saying which ({@code utf8} or {@code base64}).
 *
 * @param text     the key, as text or base64
 * @param encoding {@link #UTF8} or {@link #BASE64}
 */
public record KeyText(String text, String encoding) {
    public static final String UTF8 = "utf8";
    public static final String BASE64 = "base64";

    public KeyText {
        if (!UTF8.equals(encoding) && !BASE64.equals(encoding)) {
            throw new IllegalArgumentException("key encoding must be " + UTF8 + " or " + BASE64 + ", got " + encoding);
        }
    }

    /** The key as text, or null for a null key. */
    public static KeyText of(byte[] key) {
        if (key == null) {
            return null;
        }
        try {
            // A strict decoder: String's constructor would replace bad bytes with U+FFFD, silently.
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key)).toString();
            return new KeyText(text, UTF8);
        } catch (CharacterCodingException e) {
            return new KeyText(Base64.getEncoder().encodeToString(key), BASE64);
        }
    }

    /** The original key bytes. */
    public byte[] bytes() {
        return UTF8.equals(encoding) ? text.getBytes(StandardCharsets.UTF_8) : Base64.getDecoder().decode(text);
    }

    /** For people: the text itself, or {@code base64:...}. */
    public static String display(byte[] key) {
        KeyText k = of(key);
        return k == null ? null : UTF8.equals(k.encoding) ? k.text : "base64:" + k.text;
    }
}
