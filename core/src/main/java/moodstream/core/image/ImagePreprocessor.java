package moodstream.core.image;

import java.awt.image.BufferedImage;
import java.util.Optional;
import moodstream.core.face.CropRegion;
import moodstream.core.face.FaceCropSpec;

/**
 * The one path from encoded bytes to a model input, shared by the trainer and the
 * streamer: decode (within limits), crop to the face when the model's spec says so,
 * convert to the model's channels in RGB order, resize, scale to [0,1], lay out as CHW
 * floats. One item per call; batching is the caller's step. Close it when the spec crops
 * faces: the face detector holds native memory.
 */
public final class ImagePreprocessor implements AutoCloseable {
    private final PreprocessingSpec spec;
    private final ImageDecoder decoder;
    private final FaceCropping faces;
    /** The fallback model's own preprocessing, for images without a face; null unless {@code noFace} is fallback. */
    private final ImagePreprocessor fallback;
    /** Which images without a face go to the fallback; null without one. */
    private final FallbackRoute route;

    public ImagePreprocessor(PreprocessingSpec spec, ImageLimits limits) {
        this(spec, Optional.empty(), limits);
    }

    /**
     * For a face model whose card sends images without a face to a fallback model
     * ({@code noFace: fallback}): such an image, when {@code route} takes it, goes through the
     * fallback model's own preprocessing, from its bytes, so the fallback sees exactly the
     * tensor it was trained on; one the route does not take is classified whole by this model.
     *
     * @throws IllegalArgumentException when the spec and the fallback's presence disagree
     */
    public ImagePreprocessor(PreprocessingSpec spec, Optional<FallbackRoute> route, ImageLimits limits) {
        this(spec, new ImageDecoder(limits), route.map(r -> new ImagePreprocessor(r.spec(), limits)).orElse(null), route.orElse(null));
    }

    /** With a chosen decoder: the parity test and the benchmark compare the ImageIO and OpenCV paths. */
    ImagePreprocessor(PreprocessingSpec spec, ImageDecoder decoder) {
        this(spec, decoder, null, null);
    }

    private ImagePreprocessor(PreprocessingSpec spec, ImageDecoder decoder, ImagePreprocessor fallback, FallbackRoute route) {
        try {
            boolean wantsFallback = spec.cropsFaces() && FaceCropSpec.NO_FACE_FALLBACK.equals(spec.face().noFace());
            if (wantsFallback != (fallback != null)) {
                throw new IllegalArgumentException(wantsFallback
                        ? "the preprocessing sends images without a face to a fallback model (noFace: fallback), but none was given"
                        : "a fallback model's preprocessing was given, but this one does not send images without a face to it");
            }
            this.spec = spec;
            this.decoder = decoder;
            this.fallback = fallback;
            this.route = route;
            this.faces = spec.cropsFaces() ? new FaceCropping(spec.face()) : null;
        } catch (RuntimeException e) {
            // The fallback's detector (if any) is native memory this object would have closed.
            if (fallback != null) {
                fallback.close();
            }
            throw e;
        }
    }

    /**
     * The memory budget of one {@link #preprocess(byte[])}: the heap it may allocate on the
     * calling thread, for any image within the limits, is 8 MiB + 2 x the encoded size +
     * 2 KiB x the model input's width x height (12.5 MiB plus twice the file for 48x48).
     *
     * <p>Where it comes from: the decoder subsamples each axis to at most 8x the input side
     * ({@link ImageDecoder#decode(byte[], int, int)}), so at most 64 x W x H pixels are decoded,
     * each costing at most 32 bytes (8 for 16-bit RGBA, 16 for the float planes, 8 for the copies
     * of a gray plane or the luma); {@link ImageLimits#MAX_SIDE} keeps the readers' row buffers
     * under 1.5 MiB; readers may copy what they parse (an ICC profile, a palette), never more
     * than the file holds, twice; the rest is reader state. The budget is heap only: libjpeg
     * keeps its own buffers in native memory (MemoryBudgetTest measures this budget, the fuzz
     * test holds every input to it).
     */
    public long heapBudget(long encodedBytes) {
        return 8L * 1024 * 1024 + 2 * encodedBytes + 2048L * spec.width() * spec.height();
    }

    public PreprocessingSpec spec() {
        return spec;
    }

    public ImageDecoder decoder() {
        return decoder;
    }

    /**
     * @throws InvalidImageException with a code when the bytes cannot become a tensor;
     *                               {@link ImageError#NO_FACE} when the spec crops faces, finds none and refuses such images
     */
    public PreprocessedImage preprocess(byte[] bytes) {
        if (faces == null) {
            return preprocess(decoder.decode(bytes, spec.width(), spec.height(), spec.channels() == 1));
        }
        FaceStep step = faceStep(bytes);
        if (!step.toFallback()) {
            return step.image();
        }
        // Decoded again, at the fallback's own scale: the tensor it was trained on, to the bit. The
        // first decode is out of scope by now, so the two never count against the heap together.
        PreprocessedImage whole = fallback.preprocess(bytes);
        return step.image() == null ? new PreprocessedImage(whole.info(), whole.pixels(), null, true)
                : step.image().withScene(whole.pixels());
    }

    /**
     * @param image      the face model's input; null when no face was found and the image goes to the fallback
     * @param toFallback whether the fallback sees the whole image too (a blended photo) or instead (no face)
     */
    private record FaceStep(PreprocessedImage image, boolean toFallback) {
    }

    private FaceStep faceStep(byte[] bytes) {
        // Large enough for the detector; the crop is then resized to the model input as usual.
        DecodedImage decoded = decoder.decode(bytes, faces.decodeMinSide(spec.width()), faces.decodeMinSide(spec.height()));
        FaceCropping.Cropped cropped = faces.apply(decoded);
        if (cropped.face() == null) {
            return fallback != null && route.takes(decoded) ? new FaceStep(null, true)
                    : new FaceStep(tensor(decoded.info(), cropped.image(), null), false);
        }
        return new FaceStep(tensor(decoded.info(), cropped.image(), cropped.face()), fallback != null && route.blends(decoded));
    }

    /** An image decoded by the caller (the parity test); the face step as in {@link #preprocess(byte[])}, without a fallback. */
    PreprocessedImage preprocess(DecodedImage decoded) {
        if (faces == null) {
            return tensor(decoded.info(), decoded.image(), null);
        }
        if (fallback != null) {
            throw new IllegalStateException("a preprocessing with a fallback model starts from the bytes");
        }
        FaceCropping.Cropped cropped = faces.apply(decoded);
        return tensor(decoded.info(), cropped.image(), cropped.face());
    }

    /** The fallback model's input shape, when images without a face go to one. */
    public Optional<PreprocessingSpec> fallbackSpec() {
        return Optional.ofNullable(route).map(FallbackRoute::spec);
    }

    private PreprocessedImage tensor(ImageInfo info, BufferedImage image, CropRegion face) {
        float[][] planes = ChannelReader.read(image, spec.channels());
        int srcW = image.getWidth();
        int srcH = image.getHeight();
        int plane = spec.width() * spec.height();
        float[] chw = new float[spec.tensorSize()];
        for (int c = 0; c < planes.length; c++) {
            float[] resized = AreaResizer.resize(planes[c], srcW, srcH, spec.width(), spec.height());
            for (int i = 0; i < plane; i++) {
                // Clamp: bilinear/area weights are exact in theory, float sums can land at 1.0000001.
                chw[c * plane + i] = Math.min(1f, Math.max(0f, resized[i]));
            }
        }
        return new PreprocessedImage(info, chw, face);
    }

    @Override
    public void close() {
        try {
            if (faces != null) {
                faces.close();
            }
        } finally {
            if (fallback != null) {
                fallback.close();
            }
        }
    }
}
