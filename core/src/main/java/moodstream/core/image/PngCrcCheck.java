package moodstream.core.image;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Checks the CRC of every PNG chunk that makes the pixels, before the image is decoded.
 *
 * <p>Why by hand: the JDK's PNG reader skips every chunk's CRC, and so a flipped bit in the
 * pixel data decodes to a wrong picture with no warning; TwelveMonkeys has no PNG reader, and
 * a second complete PNG decoder (PNGJ, Commons Imaging) only to check 4 bytes a chunk would be
 * more code to trust than this walk. The CRC itself is {@link CRC32}, the one PNG uses.
 *
 * <p>Which chunks: the critical ones (IHDR, PLTE, IDAT, IEND, and any other whose name starts
 * with an upper-case letter) and tRNS, the one ancillary chunk the JDK's reader turns into
 * pixels (alpha). A CRC error in any other ancillary chunk (text, time, gamma, ICC profile) is
 * ignored, as the PNG specification allows: the decoder reads no metadata, so such a chunk
 * cannot change the picture, and refusing it would lose photos whose tags a tool garbled.
 *
 * <p>Truncation is not judged here: a walk that runs out of bytes stops, and the reader
 * reports the missing data.
 */
final class PngCrcCheck {
    private static final int SIGNATURE = 8;
    private static final int TRNS = type("tRNS");
    private static final int IEND = type("IEND");

    private PngCrcCheck() {
    }

    /** @throws InvalidImageException {@link ImageError#CORRUPT} naming the first chunk whose CRC does not match */
    static void verify(byte[] png) {
        CRC32 crc = new CRC32();
        int at = SIGNATURE;
        while (at + 8 <= png.length) {
            long length = readInt(png, at) & 0xFFFF_FFFFL;
            int type = readInt(png, at + 4);
            if (length > png.length - at - 12L) {
                return;
            }
            int dataEnd = at + 8 + (int) length;
            if (isCritical(type) || type == TRNS) {
                crc.reset();
                crc.update(png, at + 4, 4 + (int) length);
                int stored = readInt(png, dataEnd);
                if ((int) crc.getValue() != stored) {
                    throw new InvalidImageException(ImageError.CORRUPT, String.format(Locale.ROOT,
                            "PNG image is corrupt: its %s chunk at byte %,d (%,d data bytes) stores CRC %08x but its bytes give %08x",
                            name(type), at, length, stored, (int) crc.getValue()));
                }
            }
            if (type == IEND) {
                return;
            }
            at = dataEnd + 4;
        }
    }

    // Bit 5 of a chunk name's first byte is the ancillary bit: upper case is critical.
    private static boolean isCritical(int type) {
        return (type & 0x2000_0000) == 0;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static int type(String name) {
        return readInt(name.getBytes(StandardCharsets.US_ASCII), 0);
    }

    private static String name(int type) {
        StringBuilder sb = new StringBuilder(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (type >>> shift) & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return sb.toString();
    }
}
