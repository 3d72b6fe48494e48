package moodstream.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Turns a decoded image from its stored orientation into the one Exif's Orientation tag says to
 * display (1..8, TIFF 6.0), so a photo taken with the phone on its side is seen upright, the same
 * way by the trainer and the streamer whichever reader decoded it.
 *
 * <p>Pixel by pixel through the raster, not Java2D's {@code AffineTransformOp}: that works on
 * pixel centres with interpolation settings and colour models, and a quarter turn must move every
 * sample exactly, in any colour model (gray, BGR, CMYK-converted, 16-bit) without converting it.
 */
final class Orientation {
    private Orientation() {
    }

    static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean transposed = orientation >= 5;
        int outW = transposed ? h : w;
        int outH = transposed ? w : h;
        Raster src = image.getRaster();
        WritableRaster dst = src.createCompatibleWritableRaster(outW, outH);
        Object pixel = null;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pixel = src.getDataElements(x + src.getMinX(), y + src.getMinY(), pixel);
                // Where stored (x, y) is displayed (Exif 2.3, Orientation: row 0 / column 0 sides).
                int dx;
                int dy;
                switch (orientation) {
                    case 2 -> { dx = w - 1 - x; dy = y; }
                    case 3 -> { dx = w - 1 - x; dy = h - 1 - y; }
                    case 4 -> { dx = x; dy = h - 1 - y; }
                    case 5 -> { dx = y; dy = x; }
                    case 6 -> { dx = h - 1 - y; dy = x; }
                    case 7 -> { dx = h - 1 - y; dy = w - 1 - x; }
                    default -> { dx = y; dy = w - 1 - x; } // 8
                }
                dst.setDataElements(dx, dy, pixel);
            }
        }
        return new BufferedImage(image.getColorModel(), dst, image.isAlphaPremultiplied(), null);
    }
}
