package moodstream.trainer.export;

import static moodstream.trainer.export.ExportFixtures.exportAndCompare;
import static moodstream.trainer.export.ExportFixtures.init;
import static moodstream.trainer.export.ExportFixtures.randomInput;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Every supported layer and setting, exported and run through ONNX Runtime, must reproduce
 * DL4J's output within {@value ExportFixtures#TOLERANCE}. Odd input sizes and strides make the
 * padding arithmetic matter.
 */
class OnnxExporterParityTest {

    private static NeuralNetConfiguration.ListBuilder list(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(1e-3))
                .list();
    }

    private static OutputLayer softmaxOut(int classes) {
        return new OutputLayer.Builder(LossFunction.MCXENT)
                .nOut(classes).activation(Activation.SOFTMAX).build();
    }

    private static OutputLayer sigmoidOut() {
        return new OutputLayer.Builder(LossFunction.XENT).nOut(1).activation(Activation.SIGMOID).build();
    }

    static Stream<Arguments> convolutions() {
        return Stream.of(
                // channels, h, w, kernel, stride, padding, mode, hasBias
                Arguments.of(3, 13, 11, 3, 1, 0, ConvolutionMode.Truncate, true),
                Arguments.of(3, 13, 11, 5, 2, 0, ConvolutionMode.Truncate, true),
                Arguments.of(3, 13, 11, 3, 2, 1, ConvolutionMode.Truncate, true),
                Arguments.of(1, 7, 9, 5, 2, 2, ConvolutionMode.Truncate, false),
                Arguments.of(3, 7, 9, 3, 1, 0, ConvolutionMode.Same, true),
                Arguments.of(3, 7, 9, 3, 2, 0, ConvolutionMode.Same, true),
                Arguments.of(1, 13, 11, 5, 2, 0, ConvolutionMode.Same, true),
                Arguments.of(1, 13, 11, 4, 3, 0, ConvolutionMode.Same, false),
                Arguments.of(3, 7, 9, 4, 1, 0, ConvolutionMode.Same, true),
                Arguments.of(3, 9, 9, 3, 2, 0, ConvolutionMode.Strict, true));
    }

    @ParameterizedTest(name = "{0}ch {1}x{2} k{3} s{4} p{5} {6} bias={7}")
    @MethodSource("convolutions")
    void convolution(int c, int h, int w, int kernel, int stride, int padding,
            ConvolutionMode mode, boolean bias) {
        var conf = list(11)
                .layer(new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride)
                        .padding(padding, padding).convolutionMode(mode).hasBias(bias)
                        .nOut(4).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build())
                .layer(softmaxOut(3))
                .setInputType(InputType.convolutional(h, w, c))
                .build();
        exportAndCompare(init(conf, 1), randomInput(2, 4, c, h, w));
    }

    @Test
    void dilatedConvolutionInBothModes() {
        var conf = list(12)
                .layer(new ConvolutionLayer.Builder(3, 3).dilation(2, 2).stride(1, 1)
                        .convolutionMode(ConvolutionMode.Same).nOut(4).activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).dilation(2, 1).stride(2, 1)
                        .convolutionMode(ConvolutionMode.Truncate).nOut(4).activation(Activation.ELU).build())
                .layer(softmaxOut(3))
                .setInputType(InputType.convolutional(13, 11, 3))
                .build();
        exportAndCompare(init(conf, 1), randomInput(3, 4, 3, 13, 11));
    }

    static Stream<Arguments> poolings() {
        return Stream.of(
                // type, kernel, stride, padding, mode, avgPoolIncludePadInDivisor
                Arguments.of(PoolingType.MAX, 2, 2, 0, ConvolutionMode.Truncate, true),
                Arguments.of(PoolingType.MAX, 3, 2, 1, ConvolutionMode.Truncate, true),
                Arguments.of(PoolingType.MAX, 3, 2, 0, ConvolutionMode.Same, true),
                Arguments.of(PoolingType.MAX, 2, 2, 0, ConvolutionMode.Same, true),
                Arguments.of(PoolingType.AVG, 2, 2, 0, ConvolutionMode.Truncate, true),
                Arguments.of(PoolingType.AVG, 3, 2, 1, ConvolutionMode.Truncate, true),
                Arguments.of(PoolingType.AVG, 3, 2, 1, ConvolutionMode.Truncate, false),
                Arguments.of(PoolingType.AVG, 3, 2, 0, ConvolutionMode.Same, true),
                Arguments.of(PoolingType.AVG, 3, 2, 0, ConvolutionMode.Same, false),
                Arguments.of(PoolingType.AVG, 2, 2, 0, ConvolutionMode.Same, true));
    }

    @ParameterizedTest(name = "{0} k{1} s{2} p{3} {4} includePad={5}")
    @MethodSource("poolings")
    void pooling(PoolingType type, int kernel, int stride, int padding, ConvolutionMode mode,
            boolean includePad) {
        var conf = list(13)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.TANH).build())
                .layer(new SubsamplingLayer.Builder(type).kernelSize(kernel, kernel)
                        .stride(stride, stride).padding(padding, padding).convolutionMode(mode)
                        .avgPoolIncludePadInDivisor(includePad).build())
                .layer(softmaxOut(3))
                .setInputType(InputType.convolutional(13, 11, 3))
                .build();
        exportAndCompare(init(conf, 1), randomInput(4, 4, 3, 13, 11));
    }

    /** The builder's default divisor (padding excluded) must survive the export too. */
    @Test
    void averagePoolingWithBuilderDefaults() {
        var conf = list(24)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.TANH).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(3, 3).stride(2, 2)
                        .convolutionMode(ConvolutionMode.Same).build())
                .layer(softmaxOut(3))
                .setInputType(InputType.convolutional(12, 11, 3))
                .build();
        exportAndCompare(init(conf, 1), randomInput(17, 4, 3, 12, 11));
    }

    @ParameterizedTest(name = "useLogStd={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void batchNormalizationAfterConvAndDense(boolean useLogStd) {
        // A large eps makes "var + eps" versus "var" visible far above the tolerance.
        var conf = list(14)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(5).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().eps(0.1).useLogStd(useLogStd).build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.IDENTITY).build())
                // DL4J ignores a batch-norm layer's activation; parity proves the export does too.
                .layer(new BatchNormalization.Builder().eps(1e-5).useLogStd(useLogStd)
                        .activation(Activation.TANH).build())
                .layer(softmaxOut(3))
                .setInputType(InputType.convolutional(9, 7, 3))
                .build();
        exportAndCompare(init(conf, 5), randomInput(5, 4, 3, 9, 7));
    }

    @Test
    void batchNormalizationWithLockedGammaBeta() {
        var conf = list(25)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().lockGammaBeta(true).gamma(1.7).beta(-0.3).build())
                .layer(softmaxOut(3))
                .setInputType(InputType.convolutional(7, 8, 3))
                .build();
        exportAndCompare(init(conf, 2), randomInput(18, 4, 3, 7, 8));
    }

    @Test
    void batchNormalizationStatisticsFromTraining() {
        var conf = list(15)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.RELU).build())
                .layer(softmaxOut(2))
                .setInputType(InputType.convolutional(8, 8, 3))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray features = randomInput(6, 16, 3, 8, 8).muli(3).addi(1);
        INDArray labels = org.nd4j.linalg.factory.Nd4j.zeros(16, 2);
        for (int i = 0; i < 16; i++) {
            labels.putScalar(i, i % 2, 1);
        }
        INDArray before = net.getLayer(1).getParam("mean").dup();
        for (int i = 0; i < 5; i++) {
            net.fit(features, labels);
        }
        assertThat(net.getLayer(1).getParam("mean").equalsWithEps(before, 1e-3))
                .as("training moved the running mean").isFalse();
        exportAndCompare(net, randomInput(7, 4, 3, 8, 8).muli(3).addi(1));
    }

    @Test
    void dropoutIsIdentityAtInference() {
        var conf = list(16)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).dropOut(0.5)
                        .activation(Activation.RELU).build())
                .layer(new DropoutLayer.Builder(0.3).build())
                .layer(new DenseLayer.Builder().nOut(8).dropOut(0.8).activation(Activation.RELU).build())
                .layer(new DropoutLayer.Builder(0.5).build())
                .layer(softmaxOut(3))
                .setInputType(InputType.convolutional(7, 9, 1))
                .build();
        exportAndCompare(init(conf, 1), randomInput(8, 4, 1, 7, 9));
    }

    @ParameterizedTest(name = "{0} collapse={1}")
    @org.junit.jupiter.params.provider.CsvSource({"AVG,true", "MAX,true", "AVG,false", "MAX,false"})
    void globalPooling(PoolingType type, boolean collapse) {
        var conf = list(17)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.RELU).build())
                .layer(new GlobalPoolingLayer.Builder(type).collapseDimensions(collapse).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build())
                .layer(softmaxOut(3))
                .setInputType(InputType.convolutional(9, 11, 3))
                .build();
        exportAndCompare(init(conf, 1), randomInput(9, 4, 3, 9, 11));
    }

    static Stream<IActivation> activations() {
        return Stream.of(
                Activation.IDENTITY.getActivationFunction(),
                Activation.RELU.getActivationFunction(),
                Activation.SIGMOID.getActivationFunction(),
                Activation.TANH.getActivationFunction(),
                new ActivationLReLU(0.2),
                Activation.LEAKYRELU.getActivationFunction(),
                new ActivationELU(0.7),
                Activation.ELU.getActivationFunction());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void activationOnConvDenseAndActivationLayer(IActivation activation) {
        var conf = list(18)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(activation).build())
                .layer(new DenseLayer.Builder().nOut(7).activation(Activation.IDENTITY).build())
                .layer(new ActivationLayer.Builder().activation(activation).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(activation).build())
                .layer(softmaxOut(4))
                .setInputType(InputType.convolutional(7, 9, 3))
                .build();
        exportAndCompare(init(conf, 1), randomInput(10, 4, 3, 7, 9));
    }

    @Test
    void softmaxOnHiddenDenseLayer() {
        var conf = list(19)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.SOFTMAX).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(7, 9, 3))
                .build();
        exportAndCompare(init(conf, 1), randomInput(11, 4, 3, 7, 9));
    }

    @Test
    void sigmoidSingleUnitOutput() {
        var conf = list(20)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.RELU).build())
                .layer(sigmoidOut())
                .setInputType(InputType.convolutional(7, 9, 1))
                .build();
        ParityResult result = exportAndCompare(init(conf, 1), randomInput(12, 6, 1, 7, 9));
        assertThat(result.values()).isEqualTo(6);
    }

    @Test
    void softmaxMultiClassOutput() {
        var conf = list(21)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(softmaxOut(5))
                .setInputType(InputType.convolutional(7, 9, 3))
                .build();
        MultiLayerNetwork net = init(conf, 1);
        ParityResult result = exportAndCompare(net, randomInput(13, 4, 3, 7, 9));
        assertThat(result.values()).isEqualTo(20);
    }

    @Test
    void batchOfThreeThroughDynamicBatchDimension() {
        var conf = list(22)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(softmaxOut(2))
                .setInputType(InputType.convolutional(9, 9, 3))
                .build();
        MultiLayerNetwork net = init(conf, 1);
        byte[] onnx = new OnnxExporter(ExportOptions.forInput(3, 9, 9)).export(net);
        // Same bytes, three different batch sizes, one of them crossing a chunk boundary.
        for (int n : new int[] {1, 3, 7}) {
            ParityResult r = new ParityCheck(ExportFixtures.TOLERANCE, 3)
                    .compare(net, onnx, randomInput(14 + n, n, 3, 9, 9));
            assertThat(r.values()).isEqualTo(n * 2L);
            assertThat(r.passed()).as("batch %d: %s", n, r).isTrue();
        }
        exportAndCompare(net, randomInput(15, 3, 3, 9, 9));
    }

    /** The network of the tutorial the project follows, at 64x64 instead of 256x256 for speed. */
    @Test
    void tutorialNetwork() {
        var conf = list(23)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(16).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(16).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.XENT).nOut(1)
                        .activation(Activation.SIGMOID).build())
                .setInputType(InputType.convolutional(64, 64, 3))
                .build();
        exportAndCompare(init(conf, 1), randomInput(16, 8, 3, 64, 64));
    }
}
