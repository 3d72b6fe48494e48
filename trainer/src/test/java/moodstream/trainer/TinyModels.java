package moodstream.trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import moodstream.core.card.ModelCard;
import moodstream.core.card.ModelCardCodec;
import moodstream.core.image.PreprocessingSpec;
import moodstream.trainer.export.ExportOptions;
import moodstream.trainer.export.OnnxExporter;
import moodstream.trainer.model.Architecture;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Small untrained but real exported models, for tests of the serving path. */
public final class TinyModels {
    private TinyModels() {
    }

    public static ModelCard card(PreprocessingSpec spec, List<String> labels) {
        return card(spec, labels, "t1");
    }

    /** The same with another version: another model file (its SHA-256 differs), as a retrained model would be. */
    public static ModelCard card(PreprocessingSpec spec, List<String> labels, String version) {
        return new ModelCard("test-model", version, labels, spec, "image", "scores", ModelCard.OutputKind.SOFTMAX, 0.5, "compact",
                new ModelCard.TrainingDataSummary("generated", 1, Map.of()), Map.of("accuracy", 0.5), Instant.now(), "test");
    }

    /** Exports a freshly initialised compact network with {@code metadata} as its metadata_props. */
    public static byte[] export(PreprocessingSpec spec, int classes, Map<String, String> metadata) {
        MultiLayerNetwork net = new MultiLayerNetwork(Architecture.COMPACT.build(spec, classes, 1e-3, 3));
        net.init();
        return new OnnxExporter(new ExportOptions("image", "scores", 17, spec.channels(), spec.height(), spec.width(), metadata))
                .export(net);
    }

    /** An untrained 24x24 gray happy/sad model written to {@code file}, served on the CPU with {@code limits}. */
    public static moodstream.core.inference.ImageClassifier classifier(Path file, moodstream.core.image.ImageLimits limits) throws IOException {
        write(file, card(PreprocessingSpec.of(24, 24, 1), List.of("happy", "sad")));
        return new moodstream.core.inference.ImageClassifier(
                moodstream.core.inference.OnnxModel.load(file, moodstream.core.inference.InferenceOptions.CPU), limits);
    }

    public static Path write(Path file, ModelCard card) throws IOException {
        return Files.write(file, export(card.preprocessing(), card.labels().size(), new ModelCardCodec().toMetadata(card)));
    }
}
