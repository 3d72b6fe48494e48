package moodstream.core.face;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;

/**
 * A decoded image as 8-bit gray, row-major, what the cascades read.
 *
 * <p>Gray images are read from the raster as they are (16-bit scaled to 8), not through
 * {@code getRGB}/{@code drawImage}, which treat gray as linear light and brighten it
 * (JDK-5051418, the same reason as core's channel reader). Everything else goes through
 * {@code getRGB}, transparent pixels onto white as in preprocessing, then BT.601 luma, the
 * weights preprocessing uses for gray models.
 */
record GrayPixels(int width, int height, byte[] pixels) {

    static GrayPixels of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h];
        if (isPlainGray(image)) {
            Raster raster = image.getRaster();
            int bits = image.getColorModel().getComponentSize(0);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (byte) (bits == 16 ? (row[x] * 255 + 32767) / 65535 : row[x]);
                }
            }
            return new GrayPixels(w, h, out);
        }
        int[] argb = new int[w];
        boolean alpha = image.getColorModel().hasAlpha();
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                int p = argb[x];
                double a = alpha ? ((p >>> 24) & 0xFF) / 255.0 : 1.0;
                double luma = 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
                out[y * w + x] = (byte) Math.round(luma * a + 255 * (1 - a));
            }
        }
        return new GrayPixels(w, h, out);
    }

    /** One gray band without alpha, 8 or 16 bits: its samples are the gray values. */
    private static boolean isPlainGray(BufferedImage image) {
        return image.getColorModel() instanceof ComponentColorModel cm
                && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !cm.hasAlpha()
                && image.getRaster().getNumBands() == 1
                && (image.getRaster().getDataBuffer().getDataType() == DataBuffer.TYPE_BYTE && cm.getComponentSize(0) == 8
                    || image.getRaster().getDataBuffer().getDataType() == DataBuffer.TYPE_USHORT && cm.getComponentSize(0) == 16);
    }
}
