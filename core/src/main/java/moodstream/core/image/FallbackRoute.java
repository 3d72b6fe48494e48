package moodstream.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Which images without a face a face model hands to its card's whole-image fallback model, and
 * that model's preprocessing. The fallback was trained on photos of scenes; an image that does
 * not look like one stays with the face model, which classifies it whole as it learnt to:
 * <ul>
 * <li>shorter side below {@code minSide} pixels: a face crop too small for the detector (FER-2013's
 * faces are 48x48, and the detector misses about half of them, docs/training.md);</li>
 * <li>gray, when {@code colorOnly}: face crops are often gray (FER-2013's all are), photos of
 * scenes rarely (2 of the 301 web photos here are stored gray, and a few more are gray in
 * three channels).</li>
 * </ul>
 *
 * <p>With {@code blendFaces}, an image that passes both rules but does have a face is labelled by
 * both models, their probabilities averaged: a photo, whose face the face model reads and whose
 * scene the fallback reads.
 *
 * @param spec       the fallback model's own preprocessing, applied to the image's bytes
 * @param minSide    the shorter side, in pixels as stored, a faceless image needs to go to the fallback; 0: any
 * @param colorOnly  whether a faceless gray image stays with the face model
 * @param blendFaces whether a photo with a face is also seen whole by the fallback
 */
public record FallbackRoute(PreprocessingSpec spec, int minSide, boolean colorOnly, boolean blendFaces) {
    /** Largest difference between a pixel's channels (of 255) that still counts as gray: JPEG's chroma rounding. */
    private static final int GRAY_TOLERANCE = 8;
    /** Every this many pixels on each axis: a colour photo has colour in far more places than one in 16. */
    private static final int GRAY_STEP = 4;

    public FallbackRoute {
        if (spec.cropsFaces()) {
            throw new IllegalArgumentException("the fallback model must take the whole image; its card crops faces");
        }
        if (minSide < 0) {
            throw new IllegalArgumentException("the fallback's minimum side must be 0 or more, got " + minSide);
        }
    }

    /** Whether this image, in which a face was found, is also labelled whole by the fallback. */
    boolean blends(DecodedImage decoded) {
        return blendFaces && takes(decoded);
    }

    /** Whether this image, in which no face was found, goes to the fallback. */
    boolean takes(DecodedImage decoded) {
        ImageInfo info = decoded.info();
        if (Math.min(info.width(), info.height()) < minSide) {
            return false;
        }
        return !colorOnly || !isGray(decoded.image());
    }

    /** Gray as stored (one colour component), or colour channels that never differ by more than JPEG's rounding. */
    static boolean isGray(BufferedImage image) {
        ColorModel model = image.getColorModel();
        if (model.getColorSpace().getNumComponents() == 1) {
            return true;
        }
        if (model instanceof IndexColorModel palette) {
            for (int i = 0; i < palette.getMapSize(); i++) {
                if (colored(palette.getRed(i), palette.getGreen(i), palette.getBlue(i))) {
                    return false;
                }
            }
            return true;
        }
        Raster raster = image.getRaster();
        if (raster.getNumBands() < 3) {
            return true;
        }
        // Sample values, not getRGB: 16-bit images keep their range, and no colour conversion runs per pixel.
        int shift = Math.max(0, raster.getSampleModel().getSampleSize(0) - 8);
        for (int y = 0; y < raster.getHeight(); y += GRAY_STEP) {
            for (int x = 0; x < raster.getWidth(); x += GRAY_STEP) {
                if (colored(raster.getSample(x, y, 0) >> shift, raster.getSample(x, y, 1) >> shift,
                        raster.getSample(x, y, 2) >> shift)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean colored(int r, int g, int b) {
        return Math.abs(r - g) > GRAY_TOLERANCE || Math.abs(g - b) > GRAY_TOLERANCE || Math.abs(r - b) > GRAY_TOLERANCE;
    }
}
