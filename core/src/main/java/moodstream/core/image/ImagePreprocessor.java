package moodstream.core.image;

/**
 * The one path from encoded bytes to a model input, shared by the trainer and the
 * streamer: decode (within limits), convert to the model's channels in RGB order,
 * resize, scale to [0,1], lay out as CHW floats. One item per call; batching is the
 * caller's step.
 */
public final class ImagePreprocessor {
    private final PreprocessingSpec spec;
    private final ImageDecoder decoder;

    public ImagePreprocessor(PreprocessingSpec spec, ImageLimits limits) {
        this.spec = spec;
        this.decoder = new ImageDecoder(limits);
    }

    public PreprocessingSpec spec() {
        return spec;
    }

    public ImageDecoder decoder() {
        return decoder;
    }

    /** @throws InvalidImageException with a code when the bytes cannot become a tensor */
    public PreprocessedImage preprocess(byte[] bytes) {
        DecodedImage decoded = decoder.decode(bytes, spec.width(), spec.height());
        return preprocess(decoded);
    }

    public PreprocessedImage preprocess(DecodedImage decoded) {
        float[][] planes = ChannelReader.read(decoded.image(), spec.channels());
        int srcW = decoded.image().getWidth();
        int srcH = decoded.image().getHeight();
        int plane = spec.width() * spec.height();
        float[] chw = new float[spec.tensorSize()];
        for (int c = 0; c < planes.length; c++) {
            float[] resized = AreaResizer.resize(planes[c], srcW, srcH, spec.width(), spec.height());
            for (int i = 0; i < plane; i++) {
                // Clamp: bilinear/area weights are exact in theory, float sums can land at 1.0000001.
                chw[c * plane + i] = Math.min(1f, Math.max(0f, resized[i]));
            }
        }
        return new PreprocessedImage(decoded.info(), chw);
    }
}
