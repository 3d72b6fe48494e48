package moodstream.trainer.train;

import java.util.Random;
import moodstream.core.image.PreprocessingSpec;

/**
 * Training-split-only augmentation on CHW tensors: a horizontal flip (a smile mirrored is
 * still a smile) and a small shift with edge replication. Validation and test images are
 * never augmented.
 */
final class Augmenter {
    private final PreprocessingSpec spec;
    private final double maxShift;

    Augmenter(PreprocessingSpec spec, double maxShiftFraction) {
        this.spec = spec;
        this.maxShift = maxShiftFraction;
    }

    float[] apply(float[] chw, Random random) {
        int w = spec.width();
        int h = spec.height();
        boolean flip = random.nextBoolean();
        int dx = shift(w, random);
        int dy = shift(h, random);
        if (!flip && dx == 0 && dy == 0) {
            return chw;
        }
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
