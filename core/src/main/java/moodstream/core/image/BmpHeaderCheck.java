package moodstream.core.image;

import java.util.Locale;

/**
 * Refuses BMP headers that the JDK's BMP reader would trust too far, before it reads them.
 *
 * <p>For compressed BMPs (RLE8, RLE4, and JPEG or PNG embedded in a BMP) the reader allocates
 * the header's {@code biSizeImage} bytes at once: an 86-byte file declaring 1.1 GB made it
 * allocate 1.1 GB (found by PreprocessFuzzTest). A BMP's compressed data must fit in the file,
 * so a larger size is corrupt. Embedded JPEG or PNG (compression 4 or 5, meant for printers)
 * is refused outright: the reader decodes the embedded image with no check of its own size, so
 * it would be a way around the pixel and side limits. The JDK has no option for either, and
 * TwelveMonkeys' BMP reader is not on the classpath; hence these few lines of header reading.
 */
final class BmpHeaderCheck {
    private static final int INFO_HEADER = 14;
    private static final int RLE8 = 1;
    private static final int RLE4 = 2;
    private static final int JPEG = 4;
    private static final int PNG = 5;

    private BmpHeaderCheck() {
    }

    static void verify(byte[] bmp) {
        if (bmp.length < INFO_HEADER + 24 || readInt(bmp, INFO_HEADER) < 40) {
            return; // An OS/2 core header (or none): no compression field, nothing allocated from it.
        }
        int compression = readInt(bmp, INFO_HEADER + 16);
        if (compression == JPEG || compression == PNG) {
            throw new InvalidImageException(ImageError.UNSUPPORTED_FORMAT,
                    "BMP images holding an embedded " + (compression == JPEG ? "JPEG" : "PNG") + " are not supported; send the JPEG or PNG itself");
        }
        long declared = readInt(bmp, INFO_HEADER + 20) & 0xFFFF_FFFFL;
        if ((compression == RLE8 || compression == RLE4) && declared > bmp.length) {
            throw new InvalidImageException(ImageError.CORRUPT, String.format(Locale.ROOT,
                    "BMP image is corrupt: its header declares %,d bytes of compressed pixel data, but the file has %,d bytes",
                    declared, bmp.length));
        }
    }

    // BMP fields are little-endian.
    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8) | ((b[at + 2] & 0xFF) << 16) | ((b[at + 3] & 0xFF) << 24);
    }
}
