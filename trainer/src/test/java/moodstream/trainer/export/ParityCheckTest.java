package moodstream.trainer.export;

import static moodstream.trainer.export.ExportFixtures.init;
import static moodstream.trainer.export.ExportFixtures.randomInput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** The check itself must be able to fail, or a passing parity test means nothing. */
class ParityCheckTest {

    private static MultiLayerNetwork net(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(7, 7, 3))
                .build();
        return init(conf, seed);
    }

    @Test
    void detectsAModelThatComputesSomethingElse() {
        MultiLayerNetwork original = net(1);
        MultiLayerNetwork other = net(2);
        byte[] otherOnnx = new OnnxExporter(ExportOptions.forInput(3, 7, 7)).export(other);

        ParityResult result = ParityCheck.check(original, otherOnnx, randomInput(1, 10, 3, 7, 7), 1e-4);

        assertThat(result.passed()).isFalse();
        assertThat(result.maxAbsDiff()).isGreaterThan(1e-3);
        assertThat(result.values()).isEqualTo(30);
        assertThatThrownBy(result::requirePassed)
                .isInstanceOf(ParityCheckFailedException.class)
                .hasMessageContaining("max abs diff").hasMessageContaining("tolerance 1.0E-4");
    }

    @Test
    void chunkingDoesNotChangeTheResult() {
        MultiLayerNetwork original = net(3);
        byte[] onnx = new OnnxExporter(ExportOptions.forInput(3, 7, 7)).export(original);
        INDArray input = randomInput(4, 130, 3, 7, 7);

        ParityResult whole = new ParityCheck(1e-4, 1000).compare(original, onnx, input);
        ParityResult chunked = new ParityCheck(1e-4, 64).compare(original, onnx, input);

        assertThat(chunked.values()).isEqualTo(whole.values()).isEqualTo(390);
        assertThat(chunked.maxAbsDiff()).isEqualTo(whole.maxAbsDiff());
        assertThat(chunked.requirePassed()).isSameAs(chunked);
    }

    @Test
    void resultRulesOutNanAndEmptyComparisons() {
        assertThat(new ParityResult(Double.NaN, 10, 1e-4).passed()).isFalse();
        assertThat(new ParityResult(0, 0, 1e-4).passed()).isFalse();
        assertThat(new ParityResult(1e-5, 10, 1e-4).passed()).isTrue();
        assertThat(new ParityResult(2e-4, 10, 1e-4).passed()).isFalse();
    }
}
