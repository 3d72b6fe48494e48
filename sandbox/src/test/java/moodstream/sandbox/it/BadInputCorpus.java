package moodstream.sandbox.it;

import static moodstream.core.testing.OddImages.PNG_GRAY;
import static moodstream.core.testing.OddImages.PNG_GRAY_ALPHA;
import static moodstream.core.testing.OddImages.PNG_RGB;
import static moodstream.core.testing.OddImages.PNG_RGBA;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import moodstream.core.testing.OddImages;
import moodstream.core.testing.TestImages;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Bad and unusual input messages, one row per kind: a name, the record (key, value, headers)
 * and what must come out of the streamer for it (docs/messages.md). Every input is generated
 * here, so the corpus needs no files and each damage is exact.
 *
 * <p>The expectations are the <em>intended</em> contract of issue 8, some of it still being
 * built: corrupt JPEG and PNG data is CORRUPT, an over-limit value is dead-lettered (without its
 * value when it cannot fit the dead-letter topic), keys are bytes.
 */
final class BadInputCorpus {
    /** The streamer's {@code --max-bytes} default: the size rows are placed around it. */
    static final int MAX_BYTES = 10 * 1024 * 1024;

    /** One kind of input and its expected outcome. {@code oddKey}: the row is about the key itself. */
    record Entry(String name, byte[] key, byte[] value, List<Header> headers, Expected expected, boolean oddKey) {
        Entry withKey(byte[] newKey) {
            return new Entry(name, newKey, value, headers, expected, true);
        }

        Entry withHeaders(List<Header> newHeaders) {
            return new Entry(name, key, value, newHeaders, expected, oddKey);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * What must come out: a label (optionally of a given format and size), or a dead letter with
     * one of {@code codes}; {@code valueOmitted}: the dead letter carries no value but the original's
     * size and SHA-256 instead (it could not fit the dead-letter topic).
     */
    record Expected(boolean labelAllowed, Set<String> codes, String format, int width, int height, boolean valueOmitted) {
        static Expected label(String format) {
            return new Expected(true, Set.of(), format, 0, 0, false);
        }

        static Expected label(String format, int width, int height) {
            return new Expected(true, Set.of(), format, width, height, false);
        }

        static Expected deadLetter(String code) {
            return new Expected(false, Set.of(code), null, 0, 0, false);
        }

        static Expected deadLetterWithoutValue(String code) {
            return new Expected(false, Set.of(code), null, 0, 0, true);
        }

        @Override
        public String toString() {
            List<String> ways = new ArrayList<>();
            if (labelAllowed) {
                ways.add("label" + (format == null ? "" : " " + format) + (width > 0 ? " " + width + "x" + height : ""));
            }
            for (String code : codes) {
                ways.add("dead letter " + code + (valueOmitted ? " without value" : ""));
            }
            return String.join(" or ", ways);
        }
    }

    private BadInputCorpus() {
    }

    /** The table, generated afresh on each call; names are unique and make the default keys ({@code corpus/<name>}). */
    static List<Entry> entries() {
        byte[] notUtf8 = HexFormat.of().parseHex("ff00c3284b6579");
        byte[] longKey = "k".repeat(10 * 1024).getBytes(StandardCharsets.UTF_8);
        List<Entry> rows = new ArrayList<>(List.of(
                // -- nothing there
                row("tombstone", () -> null, dead("EMPTY")),
                row("empty-value", () -> new byte[0], dead("EMPTY")),
                // -- not images at all
                row("text", () -> utf8("hello, this is not an image\n"), dead("NOT_AN_IMAGE")),
                row("json", () -> utf8("{\"image\":\"cat.jpg\",\"bytes\":1234}"), dead("NOT_AN_IMAGE")),
                row("html", () -> utf8("<!DOCTYPE html><html><body><img src=\"cat.jpg\"></body></html>"), dead("NOT_AN_IMAGE")),
                row("random-bytes", BadInputCorpus::randomBytes, dead("NOT_AN_IMAGE")),
                // FF D8 alone is SOI without the FF of a first marker: the JPEG signature is three
                // bytes (FF D8 FF), and two bytes match too much random data to call this a JPEG.
                row("jpeg-soi-only", () -> bytes(0xFF, 0xD8), dead("NOT_AN_IMAGE")),
                // A whole signature with nothing after it is a recognised image cut short.
                row("jpeg-signature-only", () -> bytes(0xFF, 0xD8, 0xFF), dead("CORRUPT")),
                row("png-magic-only", OddImages::pngMagic, dead("CORRUPT")),
                // -- JPEG cut short: no pixel may be invented, so every cut that loses scan data is CORRUPT
                row("jpeg-cut-in-header", () -> Arrays.copyOf(photo(), 20), dead("CORRUPT")),
                row("jpeg-header-only", () -> OddImages.jpegHeaderOnly(photo()), dead("CORRUPT")),
                row("jpeg-cut-mid-scan", () -> OddImages.jpegCutMidScan(photo()), dead("CORRUPT")),
                // All scan data is there, only the 2-byte end marker is not. The reader gives the same
                // warning as for a file cut mid-scan, and core refuses every reader warning rather
                // than guess which cut lost pixels: CORRUPT (none of the real photos lacks its EOI).
                row("jpeg-missing-eoi", () -> OddImages.jpegWithoutEoi(photo()), dead("CORRUPT")),
                row("jpeg-trailing-garbage", () -> concat(photo(), utf8("trailing bytes after EOI")), label("jpeg", 64, 48)),
                // -- JPEG whose structure is intact but whose data is not
                row("jpeg-noise-scan", () -> OddImages.jpegWithNoiseScan(photo(), 7), dead("CORRUPT")),
                row("jpeg-sof9-over-huffman", () -> OddImages.jpegWithSofMarker(photo(), 0xC9), dead("CORRUPT")),
                // -- JPEG variants that are fine
                row("jpeg-progressive", () -> OddImages.jpeg(picture(64, 48), 0.9f, true), label("jpeg", 64, 48)),
                row("jpeg-gray", () -> TestImages.jpeg(gray(64, 48)), label("jpeg", 64, 48)),
                row("jpeg-rgb-q100", () -> OddImages.jpeg(picture(64, 48), 1.0f, false), label("jpeg", 64, 48)),
                row("jpeg-cmyk", () -> TestImages.cmykJpeg(64, 48), label("jpeg", 64, 48)),
                row("jpeg-ycck", () -> OddImages.ycckJpeg(64, 48), label("jpeg", 64, 48)),
                row("jpeg-exif-orientation-6", () -> OddImages.jpegWithExifOrientation(photo(), 6), label("jpeg")),
                row("jpeg-1x1", () -> TestImages.jpeg(picture(1, 1)), label("jpeg", 1, 1)),
                row("jpeg-declares-65500x65500", () -> OddImages.jpegDeclaring(photo(), 65500, 65500), dead("TOO_MANY_PIXELS")),
                // -- PNG variants that are fine
                row("png-gray8", () -> OddImages.png(64, 48, PNG_GRAY, 8, false), label("png", 64, 48)),
                row("png-gray-alpha8", () -> OddImages.png(64, 48, PNG_GRAY_ALPHA, 8, false), label("png", 64, 48)),
                row("png-rgb8", () -> OddImages.png(64, 48, PNG_RGB, 8, false), label("png", 64, 48)),
                row("png-rgba8", () -> OddImages.png(64, 48, PNG_RGBA, 8, false), label("png", 64, 48)),
                row("png-gray16", () -> OddImages.png(64, 48, PNG_GRAY, 16, false), label("png", 64, 48)),
                row("png-rgba16", () -> OddImages.png(64, 48, PNG_RGBA, 16, false), label("png", 64, 48)),
                row("png-palette", () -> OddImages.pngPalette(64, 48, false), label("png", 64, 48)),
                row("png-palette-trns", () -> OddImages.pngPalette(64, 48, true), label("png", 64, 48)),
                row("png-adam7-rgb8", () -> OddImages.png(64, 48, PNG_RGB, 8, true), label("png", 64, 48)),
                row("png-adam7-gray16", () -> OddImages.png(61, 47, PNG_GRAY, 16, true), label("png", 61, 47)),
                row("png-1x1", () -> OddImages.png(1, 1, PNG_RGB, 8, false), label("png", 1, 1)),
                row("png-trailing-garbage", () -> concat(OddImages.png(64, 48, PNG_RGB, 8, false), utf8("after IEND")),
                        label("png", 64, 48)),
                // -- PNG that is damaged: a wrong CRC in a critical chunk is corruption the format detects
                row("png-idat-crc-flipped", () -> OddImages.pngWithBadCrc(OddImages.png(64, 48, PNG_RGB, 8, false), "IDAT"),
                        dead("CORRUPT")),
                row("png-ihdr-crc-flipped", () -> OddImages.pngWithBadCrc(OddImages.png(64, 48, PNG_RGB, 8, false), "IHDR"),
                        dead("CORRUPT")),
                row("png-bad-zlib", () -> OddImages.pngWithBadZlib(OddImages.png(64, 48, PNG_RGB, 8, false)), dead("CORRUPT")),
                row("png-cut-in-idat", () -> OddImages.pngCutInIdat(OddImages.png(64, 48, PNG_RGB, 8, false)), dead("CORRUPT")),
                row("png-declares-100000x100000", () -> TestImages.pngHeaderOnly(100_000, 100_000), dead("TOO_MANY_PIXELS")),
                // -- extreme aspect ratios within the pixel limit; the last is 49 MP but ~50 KB compressed
                // Thin but within limits: subsampled per axis and labelled; a side over 65,535 is refused.
                row("png-10000x1", () -> OddImages.png(10_000, 1, PNG_RGB, 8, false), label("png", 10_000, 1)),
                row("png-1x10000", () -> OddImages.png(1, 10_000, PNG_RGB, 8, false), label("png", 1, 10_000)),
                row("png-49000000x1", () -> OddImages.png(49_000_000, 1, PNG_GRAY, 8, false), dead("SIDE_TOO_LONG")),
                // -- GIF and BMP
                row("gif-single-frame", () -> TestImages.encode(picture(64, 48), "gif"), label("gif", 64, 48)),
                // Only the first frame is labelled: its size, not the second's, is what comes out.
                row("gif-animated", () -> OddImages.animatedGif(picture(64, 48), picture(32, 32)), label("gif", 64, 48)),
                row("gif-no-frames", () -> OddImages.gifWithoutFrames(64, 48), dead("CORRUPT")),
                row("bmp-24", () -> OddImages.bmp(64, 48, 24), label("bmp", 64, 48)),
                row("bmp-8-palette", () -> OddImages.bmp(63, 47, 8), label("bmp", 63, 47)),
                row("bmp-32", () -> OddImages.bmp(64, 48, 32), label("bmp", 64, 48)),
                row("bmp-declares-10000x10000", () -> OddImages.bmpHeaderOnly(10_000, 10_000), dead("TOO_MANY_PIXELS")),
                // -- formats recognised but not decoded
                row("webp", () -> concat(ascii("RIFF"), bytes(0x24, 0, 0, 0), ascii("WEBPVP8 "), new byte[24]),
                        dead("UNSUPPORTED_FORMAT")),
                row("tiff-little-endian", () -> concat(bytes('I', 'I', 42, 0, 8, 0, 0, 0), new byte[32]), dead("UNSUPPORTED_FORMAT")),
                row("tiff-big-endian", () -> concat(bytes('M', 'M', 0, 42, 0, 0, 0, 8), new byte[32]), dead("UNSUPPORTED_FORMAT")),
                row("heif", () -> concat(bytes(0, 0, 0, 0x18), ascii("ftypheic"), new byte[32]), dead("UNSUPPORTED_FORMAT")),
                row("avif", () -> concat(bytes(0, 0, 0, 0x1C), ascii("ftypavif"), new byte[32]), dead("UNSUPPORTED_FORMAT")),
                row("ico", () -> concat(bytes(0, 0, 1, 0, 1, 0, 16, 16), new byte[32]), dead("UNSUPPORTED_FORMAT")),
                // -- around --max-bytes: at it is fine; over it is refused, the dead letter keeping the
                // value when it fits the producer's 64 KB of room for key and headers, and omitting it when not
                row("jpeg-exactly-max-bytes", () -> OddImages.jpegPaddedTo(photo(), MAX_BYTES), label("jpeg", 64, 48)),
                row("jpeg-max-bytes-plus-1KiB", () -> OddImages.jpegPaddedTo(photo(), MAX_BYTES + 1024), dead("TOO_MANY_BYTES")),
                row("jpeg-11MiB", () -> OddImages.jpegPaddedTo(photo(), 11 * 1024 * 1024),
                        Expected.deadLetterWithoutValue("TOO_MANY_BYTES")),
                // -- keys are bytes: kept exactly on dead letters, text or base64 in the label's id
                row("key-null", BadInputCorpus::photo, label("jpeg")).withKey(null),
                row("key-empty", BadInputCorpus::photo, label("jpeg")).withKey(new byte[0]),
                row("key-utf8-non-ascii", BadInputCorpus::photo, label("jpeg")).withKey(utf8("bild/Ärger-\uD83D\uDE00")),
                row("key-not-utf8", BadInputCorpus::photo, label("jpeg")).withKey(notUtf8),
                row("key-not-utf8-dead-letter", () -> utf8("not an image"), dead("NOT_AN_IMAGE")).withKey(notUtf8),
                row("key-10KiB", BadInputCorpus::photo, label("jpeg")).withKey(longKey),
                row("key-10KiB-dead-letter", () -> utf8("not an image"), dead("NOT_AN_IMAGE")).withKey(longKey),
                // -- headers are the sender's: kept on dead letters as they were, ours replaced not doubled
                row("headers-many", () -> utf8("not an image"), dead("NOT_AN_IMAGE")).withHeaders(manyHeaders(1000)),
                row("headers-binary-and-null", () -> utf8("not an image"), dead("NOT_AN_IMAGE")).withHeaders(List.of(
                        new RecordHeader("binary", bytes(0xFF, 0x00, 0xC3, 0x28, 0x80)),
                        new RecordHeader("null-value", null),
                        new RecordHeader("", utf8("empty name")),
                        new RecordHeader("binary", bytes(0x00)))),
                row("headers-own-error-code", () -> utf8("not an image"), dead("NOT_AN_IMAGE")).withHeaders(List.of(
                        new RecordHeader("moodstream.error.code", utf8("STALE")),
                        new RecordHeader("moodstream.error.message", utf8("from an earlier run")),
                        new RecordHeader("source", utf8("camera-7")))),
                // The value, never a header, decides the format: a lying content-type changes nothing.
                row("headers-on-valid-image", BadInputCorpus::photo, label("jpeg", 64, 48)).withHeaders(List.of(
                        new RecordHeader("content-type", utf8("image/png")),
                        new RecordHeader("moodstream.error.code", utf8("STALE"))))));
        return rows;
    }

    /** A small valid JPEG for the row at {@code index} to follow its bad input with: distinct pixels each. */
    static byte[] validImage(int index) {
        return TestImages.jpeg(TestImages.noise(40, 30, 1000L + index));
    }

    // ---------------------------------------------------------------- helpers of the table

    private static Entry row(String name, Supplier<byte[]> value, Expected expected) {
        return new Entry(name, utf8("corpus/" + name), value.get(), List.of(), expected, false);
    }

    private static Expected label(String format) {
        return Expected.label(format);
    }

    private static Expected label(String format, int width, int height) {
        return Expected.label(format, width, height);
    }

    private static Expected dead(String code) {
        return Expected.deadLetter(code);
    }

    /** A 64x48 JPEG photo stand-in: a gradient with detail, so every scan byte matters. */
    private static byte[] photo() {
        return OddImages.jpeg(picture(64, 48), 0.9f, false);
    }

    private static BufferedImage picture(int width, int height) {
        BufferedImage image = TestImages.noise(width, height, 42);
        var g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillOval(width / 4, height / 4, Math.max(1, width / 2), Math.max(1, height / 2));
        g.dispose();
        return image;
    }

    private static BufferedImage gray(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        var g = image.createGraphics();
        g.drawImage(picture(width, height), 0, 0, null);
        g.dispose();
        return image;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4096];
        new Random(99).nextBytes(b);
        b[0] = 0x5A; // not by chance a signature (00 00 01 00 would be ICO)
        return b;
    }

    private static List<Header> manyHeaders(int count) {
        List<Header> headers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            headers.add(new RecordHeader("h" + i, utf8("value-" + i)));
        }
        return headers;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
