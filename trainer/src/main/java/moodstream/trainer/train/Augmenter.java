package moodstream.trainer.train;

import java.util.Random;
import moodstream.core.image.PreprocessingSpec;

/**
 * Training-split-only augmentation on CHW tensors: a horizontal flip (a smile mirrored is
 * still a smile), a small shift with edge replication and, if asked, random erasing (Zhong et
 * al., 2017: a rectangle of 2-25% of the image, aspect 0.3-3.3, filled with uniform noise), so
 * that no single patch, such as the mouth, decides alone. Validation and test images are never
 * augmented.
 */
final class Augmenter {
    private static final double ERASE_MIN_AREA = 0.02;
    private static final double ERASE_MAX_AREA = 0.25;
    private static final double ERASE_MIN_ASPECT = 0.3;

    private final PreprocessingSpec spec;
    private final double maxShift;
    private final double erase;

    Augmenter(PreprocessingSpec spec, double maxShiftFraction) {
        this(spec, maxShiftFraction, 0);
    }

    /** @param erase the chance of a random erasing per image */
    Augmenter(PreprocessingSpec spec, double maxShiftFraction, double erase) {
        this.spec = spec;
        this.maxShift = maxShiftFraction;
        this.erase = erase;
    }

    float[] apply(float[] chw, Random random) {
        float[] moved = flipAndShift(chw, random);
        if (erase > 0 && random.nextDouble() < erase) {
            float[] out = moved == chw ? chw.clone() : moved;
            eraseRectangle(out, random);
            return out;
        }
        return moved;
    }

    /** Noise over one random rectangle, the same rectangle in every channel; tried until one fits, as in the paper. */
    private void eraseRectangle(float[] chw, Random random) {
        int w = spec.width();
        int h = spec.height();
        for (int attempt = 0; attempt < 20; attempt++) {
            double area = w * h * (ERASE_MIN_AREA + random.nextDouble() * (ERASE_MAX_AREA - ERASE_MIN_AREA));
            double aspect = Math.exp(Math.log(ERASE_MIN_ASPECT) + random.nextDouble() * -2 * Math.log(ERASE_MIN_ASPECT));
            int rw = (int) Math.round(Math.sqrt(area * aspect));
            int rh = (int) Math.round(Math.sqrt(area / aspect));
            if (rw < 1 || rh < 1 || rw > w || rh > h) {
                continue;
            }
            int x0 = random.nextInt(w - rw + 1);
            int y0 = random.nextInt(h - rh + 1);
            for (int c = 0; c < spec.channels(); c++) {
                int plane = c * w * h;
                for (int y = y0; y < y0 + rh; y++) {
                    for (int x = x0; x < x0 + rw; x++) {
                        chw[plane + y * w + x] = random.nextFloat();
                    }
                }
            }
            return;
        }
    }

    private float[] flipAndShift(float[] chw, Random random) {
        boolean flip = random.nextBoolean();
        int dx = shift(spec.width(), random);
        int dy = shift(spec.height(), random);
        return moved(chw, spec, flip, dx, dy);
    }

    /**
     * The tensor shifted by {@code dx, dy} pixels with its edges replicated, then mirrored if
     * {@code flip}: the view training makes (also what ShiftedViewsExperiment scores at test time).
     * {@code chw} itself when nothing moves.
     */
    static float[] moved(float[] chw, PreprocessingSpec spec, boolean flip, int dx, int dy) {
        if (!flip && dx == 0 && dy == 0) {
            return chw;
        }
        int w = spec.width();
        int h = spec.height();
        float[] out = new float[chw.length];
        for (int c = 0; c < spec.channels(); c++) {
            int plane = c * w * h;
            for (int y = 0; y < h; y++) {
                int sy = clamp(y - dy, h);
                for (int x = 0; x < w; x++) {
                    int sx = clamp(x - dx, w);
                    if (flip) {
                        sx = w - 1 - sx;
                    }
                    out[plane + y * w + x] = chw[plane + sy * w + sx];
                }
            }
        }
        return out;
    }

    private int shift(int size, Random random) {
        int max = (int) Math.floor(size * maxShift);
        return max == 0 ? 0 : random.nextInt(2 * max + 1) - max;
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size - 1, v));
    }
}
