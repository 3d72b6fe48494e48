package moodstream.core.inference;

import java.util.ArrayList;
import java.util.List;
import moodstream.core.card.ModelCard;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.ImagePreprocessor;
import moodstream.core.image.PreprocessedImage;

/**
 * Bytes in, label out: the card's preprocessing, the ONNX engine, and the card's
 * postprocessing, composed. This is what {@code predict}, {@code evaluate} and the
 * streamer call, so they cannot disagree.
 */
public final class ImageClassifier implements AutoCloseable {
    private final OnnxModel model;
    private final ImagePreprocessor preprocessor;
    private final ScoreDecoder decoder;

    public ImageClassifier(OnnxModel model, ImageLimits limits) {
        this.model = model;
        this.preprocessor = new ImagePreprocessor(model.card().preprocessing(), limits);
        this.decoder = new ScoreDecoder(model.card());
    }

    public ModelCard card() {
        return model.card();
    }

    public OnnxModel model() {
        return model;
    }

    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    /** @throws moodstream.core.image.InvalidImageException when the bytes are not a usable image */
    public Classification classify(byte[] encoded) {
        return classify(preprocessor.preprocess(encoded));
    }

    public Classification classify(PreprocessedImage image) {
        return classifyAll(List.of(image)).get(0);
    }

    /** One inference call for the whole list. */
    public List<Classification> classifyAll(List<PreprocessedImage> images) {
        List<float[]> tensors = new ArrayList<>(images.size());
        for (PreprocessedImage image : images) {
            tensors.add(image.pixels());
        }
        float[][] rows = model.run(tensors);
        List<Classification> out = new ArrayList<>(rows.length);
        for (float[] row : rows) {
            out.add(decoder.decode(row));
        }
        return out;
    }

    @Override
    public void close() {
        try {
            preprocessor.close();
        } finally {
            model.close();
        }
    }
}
