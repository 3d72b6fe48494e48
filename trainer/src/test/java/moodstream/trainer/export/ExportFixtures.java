package moodstream.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Builds seeded networks and inputs and runs the export-then-compare round trip. */
final class ExportFixtures {

    static final double TOLERANCE = 1e-4;

    private ExportFixtures() {}

    /** Uniform values in [-1, 1) from a seeded java.util.Random, independent of nd4j's RNG. */
    static INDArray randomInput(long seed, int n, int c, int h, int w) {
        Random random = new Random(seed);
        float[] values = new float[n * c * h * w];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return Nd4j.create(values, new long[] {n, c, h, w}, 'c');
    }

    /**
     * Initialises the network, then replaces parameters DL4J initialises to constants (biases are
     * 0, batch-norm statistics are 0 and 1) with seeded random values, so a mistake in how they
     * are exported changes the output instead of hiding behind a zero or a one.
     */
    static MultiLayerNetwork init(MultiLayerConfiguration conf, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Random random = new Random(seed);
        for (Layer layer : net.getLayers()) {
            for (var entry : layer.paramTable().entrySet()) {
                INDArray p = entry.getValue();
                switch (entry.getKey()) {
                    case "b", "beta", "mean" -> p.assign(uniform(random, p, -0.5, 0.5));
                    case "gamma" -> p.assign(uniform(random, p, 0.5, 1.5));
                    case "var" -> p.assign(uniform(random, p, 0.3, 2.0));
                    case "log10stdev" -> p.assign(uniform(random, p, -0.3, 0.3));
                    default -> { } // weights: DL4J's seeded non-constant init
                }
            }
        }
        return net;
    }

    private static String describe(MultiLayerNetwork net) {
        StringBuilder sb = new StringBuilder();
        for (Layer layer : net.getLayers()) {
            sb.append(sb.length() == 0 ? "" : " > ")
                    .append(layer.conf().getLayer().getClass().getSimpleName());
        }
        return sb.toString();
    }

    private static INDArray uniform(Random random, INDArray like, double lo, double hi) {
        float[] v = new float[(int) like.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (lo + random.nextDouble() * (hi - lo));
        }
        return Nd4j.create(v, like.shape(), 'c').castTo(like.dataType());
    }

    /**
     * Exports, checks parity through ONNX Runtime and makes sure the comparison was not trivial:
     * every expected value was compared and DL4J's outputs actually vary across the batch.
     */
    static ParityResult exportAndCompare(MultiLayerNetwork net, INDArray input) {
        int c = (int) input.size(1);
        int h = (int) input.size(2);
        int w = (int) input.size(3);
        byte[] onnx = new OnnxExporter(ExportOptions.forInput(c, h, w)).export(net);
        ParityResult result = ParityCheck.check(net, onnx, input, TOLERANCE);

        INDArray expected = net.output(input, false);
        assertThat(result.values()).isEqualTo(expected.length());
        double spread = expected.maxNumber().doubleValue() - expected.minNumber().doubleValue();
        assertThat(spread).as("DL4J output spread (a constant output proves nothing)")
                .isGreaterThan(1e-3);
        if (input.size(0) > 1 && expected.size(1) > 0) {
            INDArray firstColumn = expected.getColumn(0);
            double rowSpread = firstColumn.maxNumber().doubleValue() - firstColumn.minNumber().doubleValue();
            assertThat(rowSpread).as("output varies across the batch").isGreaterThan(1e-5);
        }
        System.out.printf("parity max abs diff %.3e over %3d values: %s%n",
                result.maxAbsDiff(), result.values(), describe(net));
        assertThat(result.passed()).as("parity %s", result).isTrue();
        return result;
    }
}
