package moodstream.core.testing;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Unusual and broken encoded images, built byte by byte: the PNG variants ImageIO's writer never
 * produces (16-bit, gray+alpha, tRNS, Adam7, 49 megapixel rows), JPEG marker surgery (noise
 * scans, SOF9, lying dimensions, padding to an exact size), hand-made BMPs and an animated GIF.
 * Everything is generated, so no test depends on a committed file, and every damage is exact
 * (one CRC byte, one deflate block header) rather than "cut somewhere".
 */
public final class OddImages {
    /** PNG colour types (PNG spec, IHDR). */
    public static final int PNG_GRAY = 0;
    public static final int PNG_RGB = 2;
    public static final int PNG_PALETTE = 3;
    public static final int PNG_GRAY_ALPHA = 4;
    public static final int PNG_RGBA = 6;

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final int[][] ADAM7 = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2},
            {0, 1, 1, 2}};

    private OddImages() {
    }

    // ---------------------------------------------------------------- PNG

    /** The 8-byte PNG signature and nothing else. */
    public static byte[] pngMagic() {
        return PNG_MAGIC.clone();
    }

    /**
     * A valid PNG of a diagonal gradient in any colour type and bit depth (8 or 16; palette
     * images are 8-bit with a 16-colour PLTE), optionally Adam7-interlaced.
     */
    public static byte[] png(int width, int height, int colorType, int bitDepth, boolean interlaced) {
        return png(width, height, colorType, bitDepth, interlaced, false);
    }

    /** A 16-colour palette PNG; with {@code transparency} a tRNS chunk makes half the colours see-through. */
    public static byte[] pngPalette(int width, int height, boolean transparency) {
        return png(width, height, PNG_PALETTE, 8, false, transparency);
    }

    private static byte[] png(int width, int height, int colorType, int bitDepth, boolean interlaced, boolean trns) {
        if (bitDepth != 8 && bitDepth != 16 || colorType == PNG_PALETTE && bitDepth != 8) {
            throw new IllegalArgumentException("bit depth 8 or 16 (palette: 8), got " + bitDepth);
        }
        int channels = switch (colorType) {
            case PNG_GRAY, PNG_PALETTE -> 1;
            case PNG_GRAY_ALPHA -> 2;
            case PNG_RGB -> 3;
            case PNG_RGBA -> 4;
            default -> throw new IllegalArgumentException("colour type " + colorType);
        };
        int max = (1 << bitDepth) - 1;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(PNG_MAGIC);
            ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                    .put((byte) bitDepth).put((byte) colorType).put((byte) 0).put((byte) 0).put((byte) (interlaced ? 1 : 0));
            chunk(out, "IHDR", ihdr.array());
            if (colorType == PNG_PALETTE) {
                byte[] plte = new byte[16 * 3];
                for (int i = 0; i < 16; i++) {
                    plte[i * 3] = (byte) (i * 17);
                    plte[i * 3 + 1] = (byte) (255 - i * 17);
                    plte[i * 3 + 2] = (byte) (i * 8);
                }
                chunk(out, "PLTE", plte);
                if (trns) {
                    byte[] alpha = new byte[16];
                    for (int i = 0; i < 16; i++) {
                        alpha[i] = (byte) (i < 8 ? 0 : 255);
                    }
                    chunk(out, "tRNS", alpha);
                }
            }
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            // Streaming deflate: a 49,000,000 x 1 row is one 49 MB scanline but only ~50 KB compressed.
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_SPEED), 1 << 16)) {
                int[][] passes = interlaced ? ADAM7 : new int[][] {{0, 0, 1, 1}};
                for (int[] p : passes) {
                    int passWidth = width <= p[0] ? 0 : (width - p[0] + p[2] - 1) / p[2];
                    int passHeight = height <= p[1] ? 0 : (height - p[1] + p[3] - 1) / p[3];
                    if (passWidth == 0 || passHeight == 0) {
                        continue;
                    }
                    byte[] row = new byte[1 + passWidth * channels * (bitDepth / 8)];
                    for (int j = 0; j < passHeight; j++) {
                        int y = p[1] + j * p[3];
                        int at = 1; // filter byte 0: None
                        for (int i = 0; i < passWidth; i++) {
                            int x = p[0] + i * p[2];
                            for (int c = 0; c < channels; c++) {
                                int v = colorType == PNG_PALETTE ? (x / 4 + y / 4) % 16 : gradient(x, y, c, width, height, max);
                                if (bitDepth == 16) {
                                    row[at++] = (byte) (v >> 8);
                                }
                                row[at++] = (byte) v;
                            }
                        }
                        z.write(row);
                    }
                }
            }
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int gradient(int x, int y, int channel, int width, int height, int max) {
        long v = (long) x * max / Math.max(1, width - 1) / 2 + (long) y * max / Math.max(1, height - 1) / 2;
        return (int) ((v + channel * (max / 3L)) % (max + 1L));
    }

    /** The PNG with one byte of the first {@code type} chunk's CRC inverted; the data itself intact. */
    public static byte[] pngWithBadCrc(byte[] png, String type) {
        byte[] out = png.clone();
        int at = findChunk(out, type);
        int length = ByteBuffer.wrap(out, at, 4).getInt();
        out[at + 8 + length] ^= (byte) 0xFF;
        return out;
    }

    /**
     * The PNG whose IDAT deflate stream starts with a block of the reserved type 3 (invalid per
     * RFC 1951), CRC recomputed: only the zlib layer is wrong, so only inflating can notice.
     */
    public static byte[] pngWithBadZlib(byte[] png) {
        byte[] out = png.clone();
        int at = findChunk(out, "IDAT");
        int length = ByteBuffer.wrap(out, at, 4).getInt();
        out[at + 8 + 2] = (byte) 0x07; // after the 2-byte zlib header: BFINAL=1, BTYPE=11
        CRC32 crc = new CRC32();
        crc.update(out, at + 4, 4 + length);
        ByteBuffer.wrap(out, at + 8 + length, 4).putInt((int) crc.getValue());
        return out;
    }

    /** The PNG cut in the middle of its first IDAT chunk. */
    public static byte[] pngCutInIdat(byte[] png) {
        int at = findChunk(png, "IDAT");
        int length = ByteBuffer.wrap(png, at, 4).getInt();
        return Arrays.copyOf(png, at + 8 + length / 2);
    }

    private static int findChunk(byte[] png, String type) {
        int at = PNG_MAGIC.length;
        while (at + 8 <= png.length) {
            int length = ByteBuffer.wrap(png, at, 4).getInt();
            if (new String(png, at + 4, 4, StandardCharsets.US_ASCII).equals(type)) {
                return at;
            }
            at += 12 + length;
        }
        throw new IllegalArgumentException("no " + type + " chunk");
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(name);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    // ---------------------------------------------------------------- JPEG

    /** A JPEG from the JDK's own writer at {@code quality} (0..1), baseline or progressive. */
    public static byte[] jpeg(BufferedImage image, float quality, boolean progressive) {
        ImageWriter writer = jdkJpegWriter();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        return write(writer, new IIOImage(image, null, null), param);
    }

    /** Writes one image with {@code writer} (disposed after) and {@code param} (null: the writer's defaults). */
    static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream();
             ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, image, param);
            ios.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /**
     * A 4-component JPEG marked YCCK (Adobe APP14 transform 2), as Photoshop writes CMYK. The
     * samples are a gradient written as they are; a reader must undo the YCC transform, so this
     * tells apart readers that support YCCK from those that only do CMYK.
     */
    public static byte[] ycckJpeg(int width, int height) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, x * 255 / Math.max(1, width - 1));
                raster.setSample(x, y, 1, 128);
                raster.setSample(x, y, 2, 128);
                raster.setSample(x, y, 3, 255 - y * 255 / Math.max(1, height - 1));
            }
        }
        byte[] jpeg = write(jdkJpegWriter(), new IIOImage(raster, null, null), null);
        int adobe = findSegment(jpeg, 0xEE);
        if (adobe < 0) {
            byte[] app14 = {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 2};
            return withSegmentAfterSoi(jpeg, 0xEE, app14);
        }
        jpeg[adobe + 4 + 11] = 2; // payload: "Adobe" version(2) flags0(2) flags1(2) transform(1)
        return jpeg;
    }

    /** The JPEG with the SOF marker that describes the frame replaced, e.g. by 0xC9 (arithmetic, extended). */
    public static byte[] jpegWithSofMarker(byte[] jpeg, int marker) {
        byte[] out = jpeg.clone();
        out[sof(out) + 1] = (byte) marker;
        return out;
    }

    /** The JPEG with its frame header declaring {@code width x height}; the scan data is still the small one. */
    public static byte[] jpegDeclaring(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        int at = sof(out);
        ByteBuffer.wrap(out, at + 5, 4).putShort((short) height).putShort((short) width);
        return out;
    }

    /**
     * The JPEG with the entropy-coded data of its (single, baseline) scan replaced by seeded random
     * bytes of the same length, none 0xFF: no marker appears, the structure is intact, the pixels
     * are nonsense.
     */
    public static byte[] jpegWithNoiseScan(byte[] jpeg, long seed) {
        byte[] out = jpeg.clone();
        Random random = new Random(seed);
        for (int i = scanStart(out); i < out.length - 2; i++) {
            out[i] = (byte) random.nextInt(0xFF);
        }
        return out;
    }

    /** Everything before the first scan's entropy-coded data: a complete header, no pixels. */
    public static byte[] jpegHeaderOnly(byte[] jpeg) {
        return Arrays.copyOf(jpeg, scanStart(jpeg));
    }

    /** Cut halfway through the first scan's data. */
    public static byte[] jpegCutMidScan(byte[] jpeg) {
        int start = scanStart(jpeg);
        return Arrays.copyOf(jpeg, start + (jpeg.length - 2 - start) / 2);
    }

    /** All of it but the final EOI marker (FF D9): every pixel present, the end not marked. */
    public static byte[] jpegWithoutEoi(byte[] jpeg) {
        if ((jpeg[jpeg.length - 2] & 0xFF) != 0xFF || (jpeg[jpeg.length - 1] & 0xFF) != 0xD9) {
            throw new IllegalArgumentException("the JPEG does not end with EOI");
        }
        return Arrays.copyOf(jpeg, jpeg.length - 2);
    }

    /**
     * An Exif APP1 segment with IFD0 holding only Orientation ({@code orientation} 1..8, e.g. 6 =
     * rotate 90 degrees clockwise to display), placed after the JFIF APP0 as cameras' JFIF+Exif files do.
     */
    public static byte[] jpegWithExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer exif = ByteBuffer.allocate(6 + 8 + 2 + 12 + 4);
        exif.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        exif.put(new byte[] {'M', 'M', 0, 42}).putInt(8); // big-endian TIFF header, IFD0 at 8
        exif.putShort((short) 1); // one entry
        exif.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        exif.putInt(0); // no next IFD
        int app0 = findSegment(jpeg, 0xE0);
        int at = app0 < 0 ? 2 : app0 + 2 + (((jpeg[app0 + 2] & 0xFF) << 8) | (jpeg[app0 + 3] & 0xFF));
        return insertSegment(jpeg, at, 0xE1, exif.array());
    }

    /**
     * The JPEG grown to exactly {@code totalBytes} by COM (comment) segments after SOI: still a
     * valid JPEG of the same pixels, as large as a test of a byte limit needs, in milliseconds.
     */
    public static byte[] jpegPaddedTo(byte[] jpeg, int totalBytes) {
        int extra = totalBytes - jpeg.length;
        if (extra < 4) {
            throw new IllegalArgumentException("need at least 4 more bytes for a COM segment, have " + extra);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(totalBytes);
        out.write(jpeg, 0, 2);
        while (extra > 0) {
            // A segment is 4 bytes of marker and length plus at most 65533 of payload; never leave < 4.
            int segment = Math.min(extra, 65537);
            if (extra - segment > 0 && extra - segment < 4) {
                segment -= 4;
            }
            int payload = segment - 4;
            out.write(0xFF);
            out.write(0xFE);
            out.write((payload + 2) >> 8);
            out.write((payload + 2) & 0xFF);
            byte[] text = new byte[payload];
            Arrays.fill(text, (byte) 'x');
            out.write(text, 0, payload);
            extra -= segment;
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static byte[] withSegmentAfterSoi(byte[] jpeg, int marker, byte[] payload) {
        return insertSegment(jpeg, 2, marker, payload);
    }

    private static byte[] insertSegment(byte[] jpeg, int at, int marker, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + payload.length + 4);
        out.write(jpeg, 0, at);
        out.write(0xFF);
        out.write(marker);
        out.write((payload.length + 2) >> 8);
        out.write((payload.length + 2) & 0xFF);
        out.write(payload, 0, payload.length);
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }

    /** Offset of the first SOFn marker (C0..CF except DHT C4, JPG C8, DAC CC). */
    private static int sof(byte[] jpeg) {
        for (int at = 2; at + 4 <= jpeg.length; ) {
            int marker = jpeg[at + 1] & 0xFF;
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                return at;
            }
            if (marker == 0xDA) {
                break;
            }
            at += 2 + segmentLength(jpeg, at);
        }
        throw new IllegalArgumentException("no SOF marker before the first scan");
    }

    private static int findSegment(byte[] jpeg, int wanted) {
        for (int at = 2; at + 4 <= jpeg.length; ) {
            int marker = jpeg[at + 1] & 0xFF;
            if (marker == wanted) {
                return at;
            }
            if (marker == 0xDA) {
                return -1;
            }
            at += 2 + segmentLength(jpeg, at);
        }
        return -1;
    }

    /** First byte of entropy-coded data: just after the first SOS segment. */
    private static int scanStart(byte[] jpeg) {
        for (int at = 2; at + 4 <= jpeg.length; ) {
            int marker = jpeg[at + 1] & 0xFF;
            at += 2 + segmentLength(jpeg, at);
            if (marker == 0xDA) {
                return at;
            }
        }
        throw new IllegalArgumentException("no SOS marker");
    }

    private static int segmentLength(byte[] jpeg, int at) {
        if ((jpeg[at] & 0xFF) != 0xFF) {
            throw new IllegalArgumentException("no marker at offset " + at);
        }
        return ((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF);
    }

    static ImageWriter jdkJpegWriter() {
        var writers = ImageIO.getImageWritersByFormatName("jpeg");
        while (writers.hasNext()) {
            ImageWriter w = writers.next();
            // The JDK's own writer, not a plugin's: the bytes must not depend on the classpath.
            if (w.getClass().getName().startsWith("com.sun.imageio")) {
                return w;
            }
        }
        throw new IllegalStateException("the JDK's JPEG writer is missing");
    }

    // ---------------------------------------------------------------- BMP and GIF

    /**
     * An uncompressed bottom-up BMP (BITMAPINFOHEADER, BI_RGB) of 8 (256-grey palette), 24 or 32
     * bits per pixel, rows padded to 4 bytes as the format requires.
     */
    public static byte[] bmp(int width, int height, int bitsPerPixel) {
        if (bitsPerPixel != 8 && bitsPerPixel != 24 && bitsPerPixel != 32) {
            throw new IllegalArgumentException("8, 24 or 32 bits per pixel, got " + bitsPerPixel);
        }
        int rowBytes = (width * bitsPerPixel / 8 + 3) / 4 * 4;
        int palette = bitsPerPixel == 8 ? 256 * 4 : 0;
        int size = 54 + palette + rowBytes * height;
        ByteBuffer b = bmpHeader(ByteBuffer.allocate(size), width, height, bitsPerPixel, size, palette);
        for (int i = 0; i < palette / 4; i++) {
            b.put((byte) i).put((byte) i).put((byte) i).put((byte) 0);
        }
        for (int y = height - 1; y >= 0; y--) {
            int start = b.position();
            for (int x = 0; x < width; x++) {
                int v = gradient(x, y, 0, width, height, 255);
                if (bitsPerPixel == 8) {
                    b.put((byte) v);
                } else {
                    b.put((byte) v).put((byte) (255 - v)).put((byte) (x * 7));
                    if (bitsPerPixel == 32) {
                        b.put((byte) 0);
                    }
                }
            }
            b.position(start + rowBytes);
        }
        return b.array();
    }

    /** A 24-bit BMP header declaring {@code width x height} followed by no pixels at all. */
    public static byte[] bmpHeaderOnly(int width, int height) {
        int rowBytes = (int) Math.min(Integer.MAX_VALUE, ((long) width * 3 + 3) / 4 * 4);
        int declared = (int) Math.min(Integer.MAX_VALUE, 54L + (long) rowBytes * height);
        return bmpHeader(ByteBuffer.allocate(54), width, height, 24, declared, 0).array();
    }

    private static ByteBuffer bmpHeader(ByteBuffer b, int width, int height, int bitsPerPixel, int fileSize, int paletteBytes) {
        b.order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(fileSize).putInt(0).putInt(54 + paletteBytes);
        b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) bitsPerPixel).putInt(0)
                .putInt(0).putInt(2835).putInt(2835).putInt(paletteBytes / 4).putInt(0);
        return b;
    }

    /** A two-frame GIF: {@code first} then {@code second}, as ImageIO's writer lays out a sequence. */
    public static byte[] animatedGif(BufferedImage first, BufferedImage second) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream();
             ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(first, null, null), null);
            writer.writeToSequence(new IIOImage(second, null, null), null);
            writer.endWriteSequence();
            ios.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** "GIF89a" and a logical screen descriptor of {@code width x height}, then the trailer: no image at all. */
    public static byte[] gifWithoutFrames(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(14).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("GIF89a".getBytes(StandardCharsets.US_ASCII)).putShort((short) width).putShort((short) height)
                .put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0x3B);
        return b.array();
    }
}
