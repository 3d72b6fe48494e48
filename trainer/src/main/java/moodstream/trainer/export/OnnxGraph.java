package moodstream.trainer.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Accumulates the nodes and initializers of one ONNX graph and hands out unique tensor names.
 * Package-private: it only serves {@link OnnxExporter}.
 */
final class OnnxGraph {

    private final List<NodeProto.Builder> nodes = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();
    private int counter;

    String freshName(String hint) {
        return hint + "_" + (counter++);
    }

    /**
     * Adds a float32 constant, its values in c order as the dims declare. DL4J parameters are views
     * into one flat parameter vector, often f-ordered; see {@link #cOrderFloats}.
     */
    String constant(String hint, INDArray value, long... dims) {
        return constant(hint, cOrderFloats(value), dims);
    }

    /**
     * The array's values in c order. Copied by {@code assign} into a fresh c-order array: in nd4j
     * M2.1 {@code ravel} is broken, and {@code dup} of a parameter view can keep the whole
     * parameter buffer behind it, so reshaping or reading its buffer sees the wrong length.
     */
    static float[] cOrderFloats(INDArray value) {
        INDArray copy = Nd4j.createUninitialized(DataType.FLOAT, value.shape(), 'c');
        copy.assign(value);
        float[] values = copy.data().asFloat();
        if (values.length != value.length()) {
            throw new IllegalStateException(
                    "copy of " + value.length() + " values has a buffer of " + values.length);
        }
        return values;
    }

    String constant(String hint, float[] values, long... dims) {
        long expected = 1;
        for (long d : dims) {
            expected *= d;
        }
        if (expected != values.length) {
            throw new IllegalStateException(
                    hint + ": " + values.length + " values do not fill dims " + java.util.Arrays.toString(dims));
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        raw.flip();
        String name = freshName(hint);
        TensorProto.Builder tensor = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(raw));
        for (long d : dims) {
            tensor.addDims(d);
        }
        initializers.add(tensor.build());
        return name;
    }

    /** Adds a single-output node and returns the name of its output. */
    String node(String opType, String nameHint, List<String> inputs, AttributeProto... attributes) {
        String output = freshName(nameHint + "_" + opType.toLowerCase(java.util.Locale.ROOT));
        NodeProto.Builder node = NodeProto.newBuilder()
                .setOpType(opType)
                .setName(output)
                .addAllInput(inputs)
                .addOutput(output);
        for (AttributeProto a : attributes) {
            node.addAttribute(a);
        }
        nodes.add(node);
        return output;
    }

    /**
     * Gives the tensor {@code current} the graph output's name. Renaming the producing node's output
     * (rather than appending an Identity) keeps the graph minimal; an Identity is only needed when
     * the network is empty and the output would otherwise be the input itself.
     */
    void nameOutput(String current, String outputName) {
        for (NodeProto.Builder node : nodes) {
            for (int i = 0; i < node.getOutputCount(); i++) {
                if (node.getOutput(i).equals(current)) {
                    node.setOutput(i, outputName);
                    return;
                }
            }
        }
        nodes.add(NodeProto.newBuilder()
                .setOpType("Identity").setName(outputName).addInput(current).addOutput(outputName));
    }

    void addTo(GraphProto.Builder graph) {
        for (NodeProto.Builder node : nodes) {
            graph.addNode(node);
        }
        graph.addAllInitializer(initializers);
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder()
                .setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto real(String name, double value) {
        return AttributeProto.newBuilder()
                .setName(name).setType(AttributeProto.AttributeType.FLOAT).setF((float) value).build();
    }
}
