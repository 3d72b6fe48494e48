package moodstream.core.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;

/**
 * Reads a decoded image into float planes in [0,1] with the model's channels, in RGB order.
 *
 * <p>Why not {@code Graphics2D.drawImage} onto an RGB image: Java2D treats gray images as
 * linear-light and brightens them on conversion (JDK-5051418), and it would also hide the
 * source bit depth. Gray and RGB samples are therefore read straight from the raster and
 * divided by their own maximum (255 or 65535); palette and packed images go through
 * {@code getRGB}, which is exact for them; anything else (e.g. CMYK) is converted to sRGB
 * by Java2D as the last resort.
 */
final class ChannelReader {
    private ChannelReader() {
    }

    /** Returns {@code channels} planes of {@code width*height} floats. */
    static float[][] read(BufferedImage image, int channels) {
        ColorModel cm = image.getColorModel();
        float[][] source = isPlainComponentImage(image) ? readSamples(image) : readArgb(image);
        return toChannels(source, channels);
    }

    private static boolean isPlainComponentImage(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        int csType = cm.getColorSpace().getType();
        int dataType = image.getRaster().getDataBuffer().getDataType();
        return cm instanceof ComponentColorModel
                && (csType == ColorSpace.TYPE_RGB || csType == ColorSpace.TYPE_GRAY)
                && (dataType == DataBuffer.TYPE_BYTE || dataType == DataBuffer.TYPE_USHORT)
                && image.getRaster().getNumBands() == cm.getNumComponents();
    }

    /** Gray or RGB planes (1 or 3), alpha already composited onto white. */
    private static float[][] readSamples(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        int colors = cm.getNumColorComponents();
        float[][] planes = new float[colors][w * h];
        int[] row = new int[w];
        for (int band = 0; band < colors; band++) {
            float max = (1 << cm.getComponentSize(band)) - 1;
            float[] plane = planes[band];
            for (int y = 0; y < h; y++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, band, row);
                for (int x = 0; x < w; x++) {
                    plane[y * w + x] = row[x] / max;
                }
            }
        }
        if (cm.hasAlpha()) {
            int alphaBand = colors;
            float max = (1 << cm.getComponentSize(alphaBand)) - 1;
            float[] alpha = new float[w * h];
            for (int y = 0; y < h; y++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, alphaBand, row);
                for (int x = 0; x < w; x++) {
                    alpha[y * w + x] = row[x] / max;
                }
            }
            for (float[] plane : planes) {
                onWhite(plane, alpha, cm.isAlphaPremultiplied());
            }
        }
        return planes;
    }

    private static float[][] readArgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[][] rgb = new float[3][w * h];
        float[] alpha = new float[w * h];
        int[] argb = new int[w];
        boolean hasAlpha = image.getColorModel().hasAlpha();
        for (int y = 0; y < h; y++) {
            // getRGB returns non-premultiplied sRGB whatever the source model.
            image.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                int p = argb[x];
                int i = y * w + x;
                rgb[0][i] = ((p >> 16) & 0xFF) / 255f;
                rgb[1][i] = ((p >> 8) & 0xFF) / 255f;
                rgb[2][i] = (p & 0xFF) / 255f;
                alpha[i] = hasAlpha ? ((p >>> 24) & 0xFF) / 255f : 1f;
            }
        }
        if (hasAlpha) {
            for (float[] plane : rgb) {
                onWhite(plane, alpha, false);
            }
        }
        return rgb;
    }

    private static void onWhite(float[] plane, float[] alpha, boolean premultiplied) {
        for (int i = 0; i < plane.length; i++) {
            float a = alpha[i];
            plane[i] = premultiplied ? plane[i] + (1f - a) : plane[i] * a + (1f - a);
        }
    }

    private static float[][] toChannels(float[][] source, int channels) {
        if (source.length == channels) {
            return source;
        }
        if (channels == 3) {
            return new float[][] {source[0], source[0].clone(), source[0].clone()};
        }
        // ITU-R BT.601 luma, the weights PIL and TensorFlow use for RGB to gray.
        float[] r = source[0];
        float[] g = source[1];
        float[] b = source[2];
        float[] gray = new float[r.length];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
        }
        return new float[][] {gray};
    }
}
