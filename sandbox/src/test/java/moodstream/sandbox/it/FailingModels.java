package moodstream.sandbox.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;

/**
 * Real ONNX models that load (card, shapes and all) but fail inside ONNX Runtime on every run,
 * as a broken runtime would: no mock, the failure comes from the engine itself.
 */
final class FailingModels {
    private FailingModels() {
    }

    /**
     * Copies {@code good} with a Gather after its output that picks class 5 of 2. Shape
     * inference sees [N, 2] as before; only running it finds the index out of bounds.
     */
    static Path gatherOutOfRange(Path good, Path out) throws IOException {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(good));
        GraphProto graph = model.getGraph();
        String output = graph.getOutput(0).getName();
        String raw = output + "_before_gather";
        GraphProto.Builder patched = graph.toBuilder();
        for (int n = 0; n < patched.getNodeCount(); n++) {
            NodeProto node = patched.getNode(n);
            for (int o = 0; o < node.getOutputCount(); o++) {
                if (node.getOutput(o).equals(output)) {
                    patched.setNode(n, node.toBuilder().setOutput(o, raw));
                }
            }
        }
        patched.addInitializer(TensorProto.newBuilder().setName("out_of_range").setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(2).addInt64Data(0).addInt64Data(5));
        patched.addNode(NodeProto.newBuilder().setOpType("Gather").setName("gather_out_of_range")
                .addInput(raw).addInput("out_of_range").addOutput(output)
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(1)));
        return Files.write(out, model.toBuilder().setGraph(patched).build().toByteArray());
    }
}
