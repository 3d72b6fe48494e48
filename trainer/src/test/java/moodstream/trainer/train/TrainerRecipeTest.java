package moodstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import moodstream.core.card.ModelCard;
import moodstream.core.image.ImageFormat;
import moodstream.core.image.ImageInfo;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.Sha256;
import moodstream.trainer.data.LabelledImage;
import moodstream.trainer.model.Architecture;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The recipe steps of docs/training.md do in DL4J what their options say. */
class TrainerRecipeTest {
    private static final PreprocessingSpec SPEC = PreprocessingSpec.of(16, 16, 1);
    private static final List<String> LABELS = List.of("happy", "sad");

    @Test
    void plateauCutsTheRateTheNetworkActuallyUsesAndRecordsIt() {
        double start = 0.05;
        // Random labels: validation loss cannot keep improving, so plateaus must come.
        TrainingOptions options = options(10, start, Optional.of(new LearningRatePlateau(0.5, 1, 1e-6)), 0);
        MultiLayerNetwork net = network(start);
        TrainingResult result = new Trainer(options, quiet()).train(net, randomSet(96, 1), randomSet(48, 2));

        List<Double> rates = result.history().stream().map(EpochMetrics::learningRate).toList();
        assertThat(rates.get(0)).isEqualTo(start);
        for (int i = 1; i < rates.size(); i++) {
            double ratio = rates.get(i) / rates.get(i - 1);
            assertThat(ratio).satisfiesAnyOf(r -> assertThat(r).isEqualTo(1.0), r -> assertThat(r).isCloseTo(0.5, within(1e-12)));
        }
        assertThat(rates.get(rates.size() - 1)).isLessThan(start);
        double used = net.getLayer(0).conf().getLayer().getUpdaterByParam("W").getLearningRate(net.getIterationCount(),
                net.getEpochCount());
        double last = rates.get(rates.size() - 1);
        assertThat(used).isBetween(last * 0.5 - 1e-12, last + 1e-12);
    }

    @Test
    void withoutPlateauTheArchitecturesDecayRuns() {
        double start = 0.002;
        MultiLayerNetwork net = network(start);
        TrainingResult result = new Trainer(options(3, start, Optional.empty(), 0), quiet()).train(net, randomSet(32, 3), randomSet(16, 4));
        List<Double> rates = result.history().stream().map(EpochMetrics::learningRate).toList();
        assertThat(rates.get(0)).isCloseTo(start, within(1e-12));
        assertThat(rates.get(1)).isCloseTo(start * 0.85, within(1e-12));
        assertThat(rates.get(2)).isCloseTo(start * 0.85 * 0.85, within(1e-12));
    }

    @Test
    void labelSmoothingMovesTargetsOffZeroAndOne() {
        Trainer smoothing = new Trainer(options(1, 0.002, Optional.empty(), 0.1), quiet());
        INDArray softmax = smoothing.targets(new int[] {0, 1}, 2);
        assertThat(softmax.getDouble(0, 0)).isCloseTo(0.95, within(1e-6));
        assertThat(softmax.getDouble(0, 1)).isCloseTo(0.05, within(1e-6));
        assertThat(softmax.getDouble(1, 1)).isCloseTo(0.95, within(1e-6));
        assertThat(softmax.sum(1).getDouble(0)).isCloseTo(1.0, within(1e-6));

        Trainer hard = new Trainer(options(1, 0.002, Optional.empty(), 0), quiet());
        assertThat(hard.targets(new int[] {1}, 2).getDouble(0, 1)).isEqualTo(1.0);
    }

    private static TrainingOptions options(int epochs, double rate, Optional<LearningRatePlateau> plateau, double smoothing) {
        return new TrainingOptions(epochs, 16, 7, 0, true, ModelCard.OutputKind.SOFTMAX, rate, plateau, smoothing, 0, List.of());
    }

    private static MultiLayerNetwork network(double rate) {
        MultiLayerNetwork net = new MultiLayerNetwork(Architecture.COMPACT.build(SPEC, 2, rate, 7));
        net.init();
        return net;
    }

    private static TensorSet randomSet(int n, long seed) {
        Random random = new Random(seed);
        List<LabelledImage> images = new ArrayList<>();
        List<float[]> pixels = new ArrayList<>();
        int[] targets = new int[n];
        for (int i = 0; i < n; i++) {
            float[] chw = new float[SPEC.width() * SPEC.height()];
            for (int j = 0; j < chw.length; j++) {
                chw[j] = random.nextFloat();
            }
            pixels.add(chw);
            targets[i] = random.nextInt(2);
            String name = LABELS.get(targets[i]) + "/" + seed + "-" + i + ".png";
            images.add(new LabelledImage(Path.of(name), name, LABELS.get(targets[i]), Sha256.hex(name.getBytes()),
                    new ImageInfo(ImageFormat.PNG, 16, 16, 100)));
        }
        return new TensorSet(LABELS, SPEC, images, pixels, targets);
    }

    private static TrainingProgress quiet() {
        return new TrainingProgress(new PrintStream(OutputStream.nullOutputStream()), false);
    }
}
