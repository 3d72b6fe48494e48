package moodstream.core.image;

/**
 * Resizes float planes: area averaging when shrinking (every source pixel counts,
 * so no aliasing), bilinear with pixel-centre alignment when enlarging.
 *
 * <p>Written here rather than taken from a library because the imaging libraries
 * (imgscalr, Thumbnailator) resize {@code BufferedImage}s through Java2D, which
 * would bring back the 8-bit rounding and gray-gamma conversions that
 * {@link ChannelReader} avoids. It is separable: one pass per axis.
 */
final class AreaResizer {
    private AreaResizer() {
    }

    static float[] resize(float[] src, int srcW, int srcH, int dstW, int dstH) {
        if (srcW == dstW && srcH == dstH) {
            return src;
        }
        Taps horizontal = Taps.of(srcW, dstW);
        Taps vertical = Taps.of(srcH, dstH);
        float[] rows = new float[dstW * srcH];
        for (int y = 0; y < srcH; y++) {
            horizontal.apply(src, y * srcW, 1, rows, y * dstW, 1);
        }
        float[] out = new float[dstW * dstH];
        for (int x = 0; x < dstW; x++) {
            vertical.apply(rows, x, dstW, out, x, dstW);
        }
        return out;
    }

    /** For each output index: the first input index and the weights of the inputs it mixes. */
    private record Taps(int[] first, float[][] weights) {
        static Taps of(int in, int out) {
            int[] first = new int[out];
            float[][] weights = new float[out][];
            if (out <= in) {
                double scale = (double) in / out;
                for (int o = 0; o < out; o++) {
                    double start = o * scale;
                    double end = start + scale;
                    int lo = (int) Math.floor(start);
                    int hi = Math.min(in, (int) Math.ceil(end));
                    float[] w = new float[hi - lo];
                    for (int i = lo; i < hi; i++) {
                        double overlap = Math.min(end, i + 1) - Math.max(start, i);
                        w[i - lo] = (float) (overlap / scale);
                    }
                    first[o] = lo;
                    weights[o] = w;
                }
            } else {
                double scale = (double) in / out;
                for (int o = 0; o < out; o++) {
                    double pos = Math.max(0, Math.min(in - 1, (o + 0.5) * scale - 0.5));
                    int lo = Math.min((int) Math.floor(pos), in - 1);
                    int hi = Math.min(lo + 1, in - 1);
                    float frac = (float) (pos - lo);
                    first[o] = lo;
                    weights[o] = hi == lo ? new float[] {1f} : new float[] {1f - frac, frac};
                }
            }
            return new Taps(first, weights);
        }

        void apply(float[] src, int srcOffset, int srcStride, float[] dst, int dstOffset, int dstStride) {
            for (int o = 0; o < first.length; o++) {
                float[] w = weights[o];
                int base = srcOffset + first[o] * srcStride;
                float sum = 0f;
                for (int k = 0; k < w.length; k++) {
                    sum += w[k] * src[base + k * srcStride];
                }
                dst[dstOffset + o * dstStride] = sum;
            }
        }
    }
}
