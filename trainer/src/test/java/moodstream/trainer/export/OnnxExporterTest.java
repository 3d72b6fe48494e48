package moodstream.trainer.export;

import static moodstream.trainer.export.ExportFixtures.init;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import onnx.Onnx.ModelProto;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** What the exported model declares, and what the exporter refuses. */
class OnnxExporterTest {

    private static NeuralNetConfiguration.ListBuilder list() {
        return new NeuralNetConfiguration.Builder().seed(3).weightInit(WeightInit.XAVIER).list();
    }

    private static MultiLayerNetwork small() {
        return init(list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 6, 3))
                .build(), 1);
    }

    @Test
    void metadataRoundTripsThroughOnnxRuntime() throws Exception {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("model_card", "{\"labels\":[\"happy\",\"sad\"],\"threshold\":0.5}");
        metadata.put("version", "1.2.3");
        byte[] onnx = new OnnxExporter(ExportOptions.forInput(3, 8, 6).withMetadata(metadata))
                .export(small());

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(onnx, options)) {
            assertThat(session.getMetadata().getCustomMetadata()).isEqualTo(metadata);
            assertThat(session.getMetadata().getProducerName()).isEqualTo("moodstream");
        }
    }

    @Test
    void declaresNamedFloatInputAndOutputWithDynamicBatch() throws Exception {
        byte[] onnx = new OnnxExporter(ExportOptions.forInput(3, 8, 6).withNames("pixels", "probs"))
                .export(small());

        ModelProto model = ModelProto.parseFrom(onnx);
        assertThat(model.getIrVersion()).isEqualTo(8);
        assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(17);
        assertThat(model.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0)
                .getDimParam()).isEqualTo("batch");

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(onnx, options)) {
            TensorInfo in = (TensorInfo) session.getInputInfo().get("pixels").getInfo();
            TensorInfo out = (TensorInfo) session.getOutputInfo().get("probs").getInfo();
            assertThat(in.getShape()).containsExactly(-1, 3, 8, 6);
            assertThat(out.getShape()).containsExactly(-1, 2);
            assertThat(in.type).isEqualTo(ai.onnxruntime.OnnxJavaType.FLOAT);
            assertThat(out.type).isEqualTo(ai.onnxruntime.OnnxJavaType.FLOAT);
        }
    }

    @Test
    void refusesOpsetBelow17() {
        assertThatThrownBy(() -> ExportOptions.forInput(3, 8, 8).withOpset(13))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("13").hasMessageContaining("17");
    }

    @Test
    void refusesUpsamplingNamingTheLayer() {
        MultiLayerConfiguration conf = list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new Upsampling2D.Builder(2).name("grow").build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 3))
                .build();
        assertThatThrownBy(() -> export(conf, 3, 8, 8))
                .isInstanceOf(UnsupportedLayerException.class)
                .hasMessageContaining("Layer 1").hasMessageContaining("grow")
                .hasMessageContaining("Upsampling2D").hasMessageContaining("Supported:");
    }

    @Test
    void refusesSeparableConvolutionThoughItIsAConvolutionLayerSubclass() {
        MultiLayerConfiguration conf = list()
                .layer(new SeparableConvolution2D.Builder(3, 3).nOut(4).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 3))
                .build();
        assertThatThrownBy(() -> export(conf, 3, 8, 8))
                .isInstanceOf(UnsupportedLayerException.class)
                .hasMessageContaining("Layer 0").hasMessageContaining("SeparableConvolution2D");
    }

    @Test
    void refusesLstm() {
        MultiLayerConfiguration conf = list()
                .layer(new LSTM.Builder().nOut(4).name("memory").build())
                .layer(new RnnOutputLayer.Builder(LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(5))
                .build();
        assertThatThrownBy(() -> export(conf, 1, 5, 1))
                .isInstanceOf(UnsupportedLayerException.class)
                .hasMessageContaining("memory").hasMessageContaining("LSTM");
    }

    @Test
    void refusesUnsupportedActivationAndPooling() {
        MultiLayerConfiguration softsign = list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.SOFTSIGN).name("soft")
                        .build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 3))
                .build();
        assertThatThrownBy(() -> export(softsign, 3, 8, 8))
                .isInstanceOf(UnsupportedLayerException.class)
                .hasMessageContaining("Layer 1").hasMessageContaining("soft")
                .hasMessageContaining("activation");

        MultiLayerConfiguration pnorm = list()
                .layer(new SubsamplingLayer.Builder(PoolingType.PNORM).pnorm(2).kernelSize(2, 2).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 3))
                .build();
        assertThatThrownBy(() -> export(pnorm, 3, 8, 8))
                .isInstanceOf(UnsupportedLayerException.class)
                .hasMessageContaining("PNORM");
    }

    private static byte[] export(MultiLayerConfiguration conf, int c, int h, int w) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return new OnnxExporter(ExportOptions.forInput(c, h, w)).export(net);
    }
}
