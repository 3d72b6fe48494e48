package moodstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import moodstream.core.image.PreprocessingSpec;
import moodstream.trainer.export.ExportOptions;
import moodstream.trainer.export.OnnxExporter;
import moodstream.trainer.export.ParityCheck;
import moodstream.trainer.export.ParityResult;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every architecture the trainer offers must export to ONNX with parity: a user never trains a model that cannot ship. */
class ArchitectureExportTest {
    @ParameterizedTest
    @EnumSource(Architecture.class)
    void exportsWithParityAtASmallInput(Architecture architecture) {
        PreprocessingSpec spec = PreprocessingSpec.of(40, 40, architecture.defaultInput().channels());
        MultiLayerNetwork net = new MultiLayerNetwork(architecture.build(spec, 2, 1e-3, 5));
        net.init();
        Nd4j.getRandom().setSeed(11);
        INDArray input = Nd4j.rand(new long[] {4, spec.channels(), 40, 40});
        byte[] onnx = new OnnxExporter(ExportOptions.forInput(spec.channels(), 40, 40)).export(net);
        ParityResult parity = ParityCheck.check(net, onnx, input, 1e-4);
        assertThat(parity.values()).isEqualTo(4L * architecture.outputUnits(2));
        assertThat(parity.passed()).as("%s: %s", architecture, parity).isTrue();
    }

    @Test
    void theDefaultLearningRateDecaysWithTheEpochsTheTrainerCounts() {
        MultiLayerNetwork net = new MultiLayerNetwork(Architecture.COMPACT.build(PreprocessingSpec.of(16, 16, 1), 2, 2e-3, 1));
        net.init();
        assertThat(net.getLearningRate(0)).isCloseTo(2e-3, org.assertj.core.api.Assertions.within(1e-9));
        net.incrementEpochCount();
        net.incrementEpochCount();
        assertThat(net.getLearningRate(0)).isCloseTo(2e-3 * 0.85 * 0.85, org.assertj.core.api.Assertions.within(1e-9));
        // The tutorial's Adam keeps its constant rate, as in Keras.
        MultiLayerNetwork tutorial = new MultiLayerNetwork(Architecture.TUTORIAL.build(PreprocessingSpec.of(64, 64, 3), 2, 1e-3, 1));
        tutorial.init();
        tutorial.incrementEpochCount();
        assertThat(tutorial.getLearningRate(0)).isCloseTo(1e-3, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void theTutorialNetIsTheTutorialsLayerForLayer() {
        MultiLayerNetwork net = new MultiLayerNetwork(Architecture.TUTORIAL.build(Architecture.TUTORIAL.defaultInput(), 2, 1e-3, 1));
        net.init();
        // Conv 3*3*3*16+16, Conv 3*3*16*32+32, Conv 3*3*32*16+16, Dense 30*30*16*256+256, Dense 256+1 (Keras' summary).
        assertThat(net.numParams()).isEqualTo(448 + 4640 + 4624 + 3686656 + 257);
        assertThat(Architecture.TUTORIAL.defaultEpochs()).isEqualTo(20);
        assertThatThrownBy(() -> Architecture.TUTORIAL.build(Architecture.TUTORIAL.defaultInput(), 3, 1e-3, 1))
                .hasMessageContaining("exactly 2 classes");
    }
}
