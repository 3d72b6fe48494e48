package moodstream.trainer.export;

import static moodstream.trainer.export.OnnxGraph.integer;
import static moodstream.trainer.export.OnnxGraph.ints;
import static moodstream.trainer.export.OnnxGraph.real;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a DL4J {@link MultiLayerNetwork} image classifier as an ONNX model for inference.
 *
 * <p>The graph takes float32 {@code [batch, C, H, W]} and returns float32 {@code [batch, nOut]}
 * with a symbolic batch dimension. Layers are translated one by one in inference form (dropout
 * vanishes, batch normalization uses the running statistics); anything that cannot be
 * reproduced exactly is refused with {@link UnsupportedLayerException}.
 */
public final class OnnxExporter {

    /** ONNX IR version 8 is what ONNX 1.10-1.12 write; every runtime that reads opset 17 reads it. */
    static final long IR_VERSION = 8;
    static final String PRODUCER = "moodstream";
    static final String BATCH_DIM = "batch";

    private final ExportOptions options;

    public OnnxExporter(ExportOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Serialized {@code ModelProto}. */
    public byte[] export(MultiLayerNetwork net) {
        Objects.requireNonNull(net, "net");
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        OnnxGraph graph = new OnnxGraph();
        InputType type = InputType.convolutional(options.height(), options.width(), options.channels());
        String x = options.inputName();

        for (int i = 0; i < net.getnLayers(); i++) {
            org.deeplearning4j.nn.conf.layers.Layer layerConf = conf.getConf(i).getLayer();
            String name = layerName(i, layerConf);
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (pre != null) {
                x = preprocessor(graph, i, name, layerConf, pre, type, x);
                type = pre.getOutputType(type);
            }
            x = new LayerWriter(graph, i, name, type, net.getLayer(i)).write(layerConf, x);
            // DL4J's own shape inference; it also rejects an input shape the layer cannot take.
            type = layerConf.getOutputType(i, type);
        }
        if (type.getType() != InputType.Type.FF) {
            int last = net.getnLayers() - 1;
            org.deeplearning4j.nn.conf.layers.Layer lastConf = conf.getConf(last).getLayer();
            throw new UnsupportedLayerException(last, layerName(last, lastConf),
                    lastConf.getClass().getSimpleName(),
                    "a network whose output is " + type + " rather than [batch, nOut]");
        }
        graph.nameOutput(x, options.outputName());
        return model(graph, ((InputType.InputTypeFeedForward) type).getSize()).toByteArray();
    }

    private ModelProto model(OnnxGraph graph, long nOut) {
        GraphProto.Builder g = GraphProto.newBuilder()
                .setName("moodstream")
                .addInput(floatTensor(options.inputName(),
                        options.channels(), options.height(), options.width()))
                .addOutput(floatTensor(options.outputName(), nOut));
        graph.addTo(g);
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(PRODUCER)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(options.opset()))
                .setGraph(g);
        for (Map.Entry<String, String> e : options.metadata().entrySet()) {
            model.addMetadataProps(
                    StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
        }
        return model.build();
    }

    /** A float32 value whose first dimension is the symbolic batch. */
    private static ValueInfoProto floatTensor(String name, long... dimsAfterBatch) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH_DIM));
        for (long d : dimsAfterBatch) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape)))
                .build();
    }

    private static String preprocessor(
            OnnxGraph graph, int index, String name, org.deeplearning4j.nn.conf.layers.Layer layerConf,
            InputPreProcessor pre, InputType type, String x) {
        if (pre instanceof CnnToFeedForwardPreProcessor cnnToFf
                && cnnToFf.getFormat() == CNN2DFormat.NCHW
                && type.getType() == InputType.Type.CNN) {
            // DL4J flattens NCHW activations in c order, i.e. exactly what Flatten(axis=1) does.
            return graph.node("Flatten", name, List.of(x), integer("axis", 1));
        }
        throw new UnsupportedLayerException(index, name, layerConf.getClass().getSimpleName(),
                "input preprocessor " + pre.getClass().getSimpleName() + " " + pre + " on input " + type);
    }

    private static String layerName(int index, org.deeplearning4j.nn.conf.layers.Layer layerConf) {
        String name = layerConf.getLayerName();
        return name == null || name.isBlank() ? "layer" + index : name;
    }

    /** Translates one layer; holds the per-layer context so error messages can name the layer. */
    private static final class LayerWriter {
        private final OnnxGraph graph;
        private final int index;
        private final String name;
        private final InputType in;
        private final Layer layer;

        LayerWriter(OnnxGraph graph, int index, String name, InputType in, Layer layer) {
            this.graph = graph;
            this.index = index;
            this.name = name;
            this.in = in;
            this.layer = layer;
        }

        String write(org.deeplearning4j.nn.conf.layers.Layer conf, String x) {
            // Exact class checks: Deconvolution2D, SeparableConvolution2D, Convolution1DLayer,
            // Subsampling1DLayer etc. are subclasses with different semantics.
            Class<?> c = conf.getClass();
            if (c == ConvolutionLayer.class) {
                return convolution((ConvolutionLayer) conf, x);
            } else if (c == SubsamplingLayer.class) {
                return subsampling((SubsamplingLayer) conf, x);
            } else if (c == BatchNormalization.class) {
                return batchNorm((BatchNormalization) conf, x);
            } else if (c == DropoutLayer.class) {
                return x; // inverted dropout: identity at inference
            } else if (c == GlobalPoolingLayer.class) {
                return globalPooling((GlobalPoolingLayer) conf, x);
            } else if (c == DenseLayer.class) {
                DenseLayer d = (DenseLayer) conf;
                if (d.hasLayerNorm()) {
                    throw unsupported("DenseLayer with layer normalization (hasLayerNorm=true)");
                }
                return dense(d, d.hasBias(), x);
            } else if (c == OutputLayer.class) {
                OutputLayer o = (OutputLayer) conf;
                return dense(o, o.hasBias(), x);
            } else if (c == ActivationLayer.class) {
                return activation(((ActivationLayer) conf).getActivationFn(), x);
            }
            throw unsupported("layer type " + c.getSimpleName());
        }

        private String convolution(ConvolutionLayer conf, String x) {
            requireNchw(conf.getCnn2dDataFormat());
            InputType.InputTypeConvolutional cnn = requireCnn();
            int[] kernel = conf.getKernelSize();
            int[] stride = conf.getStride();
            int[] dilation = conf.getDilation();
            long[] pads = pads(conf.getConvolutionMode(), cnn, kernel, stride, dilation, conf.getPadding());

            List<String> inputs = new ArrayList<>();
            inputs.add(x);
            INDArray w = layer.getParam("W");
            long[] wShape = w.shape(); // [outC, inC, kH, kW], the ONNX layout
            inputs.add(graph.constant(name + "_W", w, wShape));
            if (conf.hasBias()) {
                inputs.add(graph.constant(name + "_b", layer.getParam("b"), wShape[0]));
            }
            String y = graph.node("Conv", name, inputs,
                    ints("kernel_shape", kernel[0], kernel[1]),
                    ints("strides", stride[0], stride[1]),
                    ints("dilations", dilation[0], dilation[1]),
                    ints("pads", pads),
                    integer("group", 1));
            return activation(conf.getActivationFn(), y);
        }

        private String subsampling(SubsamplingLayer conf, String x) {
            requireNchw(conf.getCnn2dDataFormat());
            InputType.InputTypeConvolutional cnn = requireCnn();
            int[] kernel = conf.getKernelSize();
            int[] stride = conf.getStride();
            int[] dilation = conf.getDilation();
            if (dilation[0] != 1 || dilation[1] != 1) {
                throw unsupported("SubsamplingLayer dilation " + dilation[0] + "x" + dilation[1]);
            }
            long[] pads = pads(conf.getConvolutionMode(), cnn, kernel, stride, dilation, conf.getPadding());
            PoolingType pooling = conf.getPoolingType();
            if (pooling == PoolingType.MAX) {
                return graph.node("MaxPool", name, List.of(x),
                        ints("kernel_shape", kernel[0], kernel[1]),
                        ints("strides", stride[0], stride[1]),
                        ints("pads", pads),
                        integer("ceil_mode", 0));
            } else if (pooling == PoolingType.AVG) {
                return graph.node("AveragePool", name, List.of(x),
                        ints("kernel_shape", kernel[0], kernel[1]),
                        ints("strides", stride[0], stride[1]),
                        ints("pads", pads),
                        integer("ceil_mode", 0),
                        integer("count_include_pad", conf.isAvgPoolIncludePadInDivisor() ? 1 : 0));
            }
            throw unsupported("SubsamplingLayer pooling type " + pooling);
        }

        private String batchNorm(BatchNormalization conf, String x) {
            if (in.getType() == InputType.Type.CNN) {
                requireNchw(conf.getCnn2DFormat());
            } else if (in.getType() != InputType.Type.FF) {
                throw unsupported("BatchNormalization on " + in.getType() + " input");
            }
            long n = conf.getNOut();
            INDArray gamma;
            INDArray beta;
            if (conf.isLockGammaBeta()) {
                gamma = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).dup().assign(conf.getGamma());
                beta = gamma.dup().assign(conf.getBeta());
            } else {
                gamma = layer.getParam(BatchNormalizationParamInitializer.GAMMA);
                beta = layer.getParam(BatchNormalizationParamInitializer.BETA);
            }
            INDArray mean = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
            INDArray var;
            if (conf.isUseLogStd()) {
                // DL4J stores log10(std) and at inference squares 10^log10std into a variance that its
                // batch-norm op then adds eps to again, exactly like ONNX's sqrt(var + eps).
                float[] log10std = OnnxGraph.cOrderFloats(
                        layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD));
                float[] v = new float[log10std.length];
                for (int k = 0; k < v.length; k++) {
                    double std = Math.pow(10.0, log10std[k]);
                    v[k] = (float) (std * std);
                }
                var = org.nd4j.linalg.factory.Nd4j.createFromArray(v);
            } else {
                var = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR);
            }
            String y = graph.node("BatchNormalization", name, List.of(x,
                            graph.constant(name + "_gamma", gamma, n),
                            graph.constant(name + "_beta", beta, n),
                            graph.constant(name + "_mean", mean, n),
                            graph.constant(name + "_var", var, n)),
                    real("epsilon", conf.getEps()));
            // DL4J's BatchNormalization never applies its configured activation (which is often the
            // global default, sigmoid), so neither does the export.
            return y;
        }

        private String globalPooling(GlobalPoolingLayer conf, String x) {
            requireCnn();
            int[] dims = conf.getPoolingDimensions();
            if (dims != null && !(dims.length == 2 && dims[0] == 2 && dims[1] == 3)) {
                throw unsupported("GlobalPoolingLayer over dimensions " + java.util.Arrays.toString(dims)
                        + " (only [2, 3], i.e. H and W of NCHW)");
            }
            String op = switch (conf.getPoolingType()) {
                case MAX -> "GlobalMaxPool";
                case AVG -> "GlobalAveragePool";
                default -> throw unsupported("GlobalPoolingLayer pooling type " + conf.getPoolingType());
            };
            String y = graph.node(op, name, List.of(x));
            // Without collapseDimensions DL4J keeps [N, C, 1, 1], which is what the ONNX op returns.
            return conf.isCollapseDimensions()
                    ? graph.node("Flatten", name, List.of(y), integer("axis", 1))
                    : y;
        }

        private String dense(BaseLayer conf, boolean hasBias, String x) {
            if (in.getType() != InputType.Type.FF) {
                throw unsupported(conf.getClass().getSimpleName() + " on " + in.getType()
                        + " input without a CnnToFeedForwardPreProcessor");
            }
            INDArray w = layer.getParam("W"); // [nIn, nOut]: Gemm's B without transposition
            List<String> inputs = new ArrayList<>();
            inputs.add(x);
            inputs.add(graph.constant(name + "_W", w, w.shape()));
            if (hasBias) {
                inputs.add(graph.constant(name + "_b", layer.getParam("b"), w.size(1)));
            }
            String y = graph.node("Gemm", name, inputs);
            return activation(conf.getActivationFn(), y);
        }

        private String activation(IActivation fn, String x) {
            if (fn == null || fn instanceof ActivationIdentity) {
                return x;
            } else if (fn instanceof ActivationReLU relu) {
                if (isSet(relu.getMax()) || isSet(relu.getThreshold()) || isSet(relu.getNegativeSlope())) {
                    throw unsupported("activation " + relu + " (ReLU with max, threshold or negative slope)");
                }
                return graph.node("Relu", name, List.of(x));
            } else if (fn instanceof ActivationSigmoid) {
                return graph.node("Sigmoid", name, List.of(x));
            } else if (fn instanceof ActivationTanH) {
                return graph.node("Tanh", name, List.of(x));
            } else if (fn instanceof ActivationLReLU lrelu) {
                return graph.node("LeakyRelu", name, List.of(x), real("alpha", lrelu.getAlpha()));
            } else if (fn instanceof ActivationELU elu) {
                return graph.node("Elu", name, List.of(x), real("alpha", elu.getAlpha()));
            } else if (fn instanceof ActivationSoftmax) {
                // Only proven on [batch, n]: which axis DL4J normalises for 4-d input is not pinned down.
                if (in.getType() != InputType.Type.FF) {
                    throw unsupported("softmax activation on " + in.getType() + " activations");
                }
                return graph.node("Softmax", name, List.of(x), integer("axis", 1));
            }
            throw unsupported("activation " + fn);
        }

        private static boolean isSet(Double d) {
            return d != null && d != 0.0;
        }

        /**
         * ONNX pads [top, left, bottom, right]. Same mode is written as explicit pads (not auto_pad)
         * so the placement of an odd total padding is fixed here rather than left to the runtime.
         */
        private long[] pads(ConvolutionMode mode, InputType.InputTypeConvolutional cnn,
                int[] kernel, int[] stride, int[] dilation, int[] padding) {
            if (mode == ConvolutionMode.Same) {
                long[] pads = new long[4];
                long[] size = {cnn.getHeight(), cnn.getWidth()};
                for (int d = 0; d < 2; d++) {
                    long effectiveKernel = kernel[d] + (long) (kernel[d] - 1) * (dilation[d] - 1);
                    long out = (size[d] + stride[d] - 1) / stride[d];
                    long total = Math.max(0, (out - 1) * stride[d] + effectiveKernel - size[d]);
                    // DL4J puts the smaller half before (top/left) and the extra pixel after.
                    pads[d] = total / 2;
                    pads[d + 2] = total - total / 2;
                }
                return pads;
            } else if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
                // Strict only differs by refusing sizes that don't divide; DL4J validated that already.
                return new long[] {padding[0], padding[1], padding[0], padding[1]};
            }
            throw unsupported("convolution mode " + mode);
        }

        private InputType.InputTypeConvolutional requireCnn() {
            if (in instanceof InputType.InputTypeConvolutional cnn) {
                return cnn;
            }
            throw unsupported("a convolutional layer on " + in.getType() + " input");
        }

        private void requireNchw(CNN2DFormat format) {
            if (format != null && format != CNN2DFormat.NCHW) {
                throw unsupported("data format " + format + " (only NCHW)");
            }
        }

        private UnsupportedLayerException unsupported(String what) {
            return new UnsupportedLayerException(
                    index, name, layer.conf().getLayer().getClass().getSimpleName(), what);
        }
    }
}
