package moodstream.core.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

/** Images that tests draw and encode themselves: no test depends on a committed picture. */
public final class TestImages {
    private TestImages() {
    }

    public static BufferedImage solid(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** Left half {@code left}, right half {@code right}: tells channel order and orientation apart. */
    public static BufferedImage halves(int width, int height, Color left, Color right) {
        BufferedImage image = solid(width, height, left);
        Graphics2D g = image.createGraphics();
        g.setColor(right);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return image;
    }

    /** Seeded random pixels: distinct content for every seed, so no two are duplicates. */
    public static BufferedImage noise(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    /** Encodes with ImageIO: "png", "jpeg", "bmp" or "gif". */
    public static byte[] encode(BufferedImage image, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no ImageIO writer for " + format + " and image type " + image.getType());
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    public static byte[] jpeg(BufferedImage image) {
        return encode(image, "jpeg");
    }

    /** A progressive JPEG (several scans, each refining the last), as web images often are. */
    public static byte[] progressiveJpeg(BufferedImage image) {
        return OddImages.jpeg(image, 0.75f, true);
    }

    /**
     * A JPEG with four CMYK components (no colour profile): left half C=0 M=1 Y=1 K=0 (red),
     * right half C=1 M=1 Y=0 K=0 (blue). Print shops and some cameras produce these.
     */
    public static byte[] cmykJpeg(int width, int height) {
        java.awt.image.WritableRaster raster = java.awt.image.Raster.createInterleavedRaster(
                java.awt.image.DataBuffer.TYPE_BYTE, width, height, 4, null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean left = x < width / 2;
                // Stored inverted (255 = no ink), as Adobe's CMYK JPEGs do.
                raster.setSample(x, y, 0, left ? 255 : 0);
                raster.setSample(x, y, 1, 0);
                raster.setSample(x, y, 2, left ? 0 : 255);
                raster.setSample(x, y, 3, 255);
            }
        }
        // The JDK's own writer: it writes a raster as-is, which is how a 4-component JPEG is made.
        return OddImages.write(OddImages.jdkJpegWriter(), new javax.imageio.IIOImage(raster, null, null), null);
    }

    /**
     * A PNG that declares {@code width x height} pixels and holds none: a decompression bomb's
     * header. Only a decoder that reads pixels before checking the size gets further than the header.
     */
    public static byte[] pngHeaderOnly(int width, int height) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            java.io.DataOutputStream h = new java.io.DataOutputStream(ihdr);
            h.writeBytes("IHDR");
            h.writeInt(width);
            h.writeInt(height);
            h.write(new byte[] {8, 2, 0, 0, 0}); // 8-bit RGB
            byte[] chunk = ihdr.toByteArray();
            out.writeInt(chunk.length - 4);
            out.write(chunk);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(chunk);
            out.writeInt((int) crc.getValue());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A baseline JPEG whose entropy-coded scan (from after the SOS header to the EOI marker) is
     * replaced by seeded random bytes. No 0xFF is written, so the noise holds no marker: every
     * segment still parses, and only a decoder that checks its scan data can tell.
     */
    public static byte[] jpegWithNoiseScan(byte[] baselineJpeg, long seed) {
        byte[] out = baselineJpeg.clone();
        int sos = jpegMarker(out, 0xDA);
        int scanStart = sos + 2 + (((out[sos + 2] & 0xFF) << 8) | (out[sos + 3] & 0xFF));
        Random random = new Random(seed);
        for (int i = scanStart; i < out.length - 2; i++) {
            out[i] = (byte) random.nextInt(0xFF);
        }
        return out;
    }

    /** A baseline JPEG whose SOF0 marker is changed to SOF9 (arithmetic coding) over its Huffman-coded data. */
    public static byte[] jpegMarkedArithmetic(byte[] baselineJpeg) {
        byte[] out = baselineJpeg.clone();
        out[jpegMarker(out, 0xC0) + 1] = (byte) 0xC9;
        return out;
    }

    /** Offset of the first {@code 0xFF marker} pair after SOI; throws if there is none. */
    private static int jpegMarker(byte[] jpeg, int marker) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
                return i;
            }
        }
        throw new IllegalArgumentException(String.format("no marker 0xFF%02X in this JPEG", marker));
    }

    /**
     * The PNG with one bit flipped in the stored CRC of its first {@code chunkType} chunk (the
     * data stays intact, so only a decoder that checks CRCs can tell).
     */
    public static byte[] pngWithBadCrc(byte[] png, String chunkType) {
        byte[] out = png.clone();
        int at = 8;
        while (at + 8 <= out.length) {
            int length = ((out[at] & 0xFF) << 24) | ((out[at + 1] & 0xFF) << 16) | ((out[at + 2] & 0xFF) << 8) | (out[at + 3] & 0xFF);
            String type = new String(out, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (type.equals(chunkType)) {
                out[at + 8 + length] ^= 0x01;
                return out;
            }
            at += 12 + length;
        }
        throw new IllegalArgumentException("no " + chunkType + " chunk in this PNG");
    }

    /** The PNG with a tEXt chunk ({@code keyword}, NUL, {@code text}) inserted right after IHDR. */
    public static byte[] pngWithText(byte[] png, String keyword, String text) {
        try {
            int afterIhdr = 8 + 12 + 13;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
            out.write(png, 0, afterIhdr);
            writeChunk(out, "tEXt", (keyword + "\0" + text).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(png, afterIhdr, png.length - afterIhdr);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An all-black, non-interlaced PNG of any size: {@code colorType} 0 (gray), 2 (RGB), 4 (gray+alpha)
     * or 6 (RGBA), {@code bitDepth} 8 or 16. Written as a stream of zeros (filter "none", black
     * pixels): ImageIO would need the whole picture in memory first (147 MB for 49,000,000x1 RGB)
     * and takes seconds to compress it.
     */
    public static byte[] blackPng(int width, int height, int bitDepth, int colorType) {
        int samples = switch (colorType) {
            case 0 -> 1;
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> throw new IllegalArgumentException("color type " + colorType + " has no fixed sample count");
        };
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            java.io.DataOutputStream h = new java.io.DataOutputStream(ihdr);
            h.writeInt(width);
            h.writeInt(height);
            h.write(new byte[] {(byte) bitDepth, (byte) colorType, 0, 0, 0});
            writeChunk(out, "IHDR", ihdr.toByteArray());
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED);
            try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(idat, deflater, 1 << 16)) {
                long remaining = (long) height * (1 + (long) width * samples * bitDepth / 8);
                byte[] zeros = new byte[1 << 20];
                while (remaining > 0) {
                    int n = (int) Math.min(zeros.length, remaining);
                    z.write(zeros, 0, n);
                    remaining -= n;
                }
            } finally {
                deflater.end();
            }
            writeChunk(out, "IDAT", idat.toByteArray());
            writeChunk(out, "IEND", new byte[0]);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeChunk(java.io.DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(typeBytes);
        out.write(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    /** The first {@code fraction} of the bytes: a download cut short. */
    public static byte[] truncated(byte[] encoded, double fraction) {
        return Arrays.copyOf(encoded, (int) (encoded.length * fraction));
    }
}
