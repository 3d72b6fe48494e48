package moodstream.core.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The encoded formats moodstream decodes, recognised by their leading bytes
 * (never by a file name or a content-type header, which users get wrong).
 */
public enum ImageFormat {
    JPEG("jpeg", "image/jpeg"),
    PNG("png", "image/png"),
    BMP("bmp", "image/bmp"),
    GIF("gif", "image/gif");

    private final String imageIoName;
    private final String mediaType;

    ImageFormat(String imageIoName, String mediaType) {
        this.imageIoName = imageIoName;
        this.mediaType = mediaType;
    }

    /** The name ImageIO registers its reader under. */
    public String imageIoName() {
        return imageIoName;
    }

    /** The IANA media type, e.g. for a {@code content-type} header (the streamer's publish tool sets one). */
    public String mediaType() {
        return mediaType;
    }

    /** How many leading bytes {@link #sniff} and {@link #sniffUnsupported} look at, at most. */
    public static final int SIGNATURE_BYTES = 32;

    /** A file's first {@link #SIGNATURE_BYTES} bytes (fewer for a shorter file): enough to tell its format. */
    public static byte[] readSignature(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(SIGNATURE_BYTES);
        }
    }

    /** The supported format these bytes start with, if any. */
    public static Optional<ImageFormat> sniff(byte[] b) {
        if (startsWith(b, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(b, 'G', 'I', 'F', '8')) {
            return Optional.of(GIF);
        }
        if (startsWith(b, 'B', 'M') && b.length >= 26) {
            return Optional.of(BMP);
        }
        return Optional.empty();
    }

    /**
     * Names a well-known image format that we recognise but do not decode, so that
     * the error can say "WebP is not supported" rather than "not an image".
     */
    public static Optional<String> sniffUnsupported(byte[] b) {
        if (startsWith(b, 'R', 'I', 'F', 'F') && b.length >= 12 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return Optional.of("WebP");
        }
        if (startsWith(b, 'I', 'I', '*', 0) || startsWith(b, 'M', 'M', 0, '*')) {
            return Optional.of("TIFF");
        }
        if (b.length >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
            return Optional.of("HEIF/AVIF");
        }
        if (startsWith(b, 0x00, 0x00, 0x01, 0x00)) {
            return Optional.of("ICO");
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
