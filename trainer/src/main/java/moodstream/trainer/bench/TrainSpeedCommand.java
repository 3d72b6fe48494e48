package moodstream.trainer.bench;

import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import moodstream.core.card.ModelCard;
import moodstream.core.image.PreprocessingSpec;
import moodstream.trainer.model.Architecture;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code moodstream bench-train}: training throughput of one architecture on random data,
 * to compare nd4j native builds (bench/nd4j-variants.sh runs it once per build). Not a
 * test: timing on a shared machine is only meaningful as a ratio within one run.
 */
@Command(name = "bench-train", mixinStandardHelpOptions = true,
        description = "Measure training images/s of an architecture on random tensors (for comparing nd4j builds).")
public final class TrainSpeedCommand implements Callable<Integer> {
    @Option(names = "--architecture", defaultValue = "compact")
    String architecture;

    @Option(names = "--size", defaultValue = "64")
    int size;

    @Option(names = "--channels", defaultValue = "1")
    int channels;

    @Option(names = "--batch-size", defaultValue = "64")
    int batchSize;

    @Option(names = "--warmup", defaultValue = "5", description = "Untimed batches first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--batches", defaultValue = "30", description = "Timed batches (default: ${DEFAULT-VALUE}).")
    int batches;

    @Override
    public Integer call() {
        Architecture arch = Architecture.parse(architecture);
        PreprocessingSpec spec = PreprocessingSpec.of(size, size, channels);
        MultiLayerNetwork net = new MultiLayerNetwork(arch.build(spec, 2, 1e-3, 1));
        net.init();
        Random random = new Random(1);
        float[] x = new float[batchSize * spec.tensorSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        INDArray features = Nd4j.create(x, new long[] {batchSize, channels, size, size}, 'c');
        int units = arch.outputUnits(2);
        float[] y = new float[batchSize * units];
        for (int i = 0; i < batchSize; i++) {
            y[i * units + (units == 1 ? 0 : i % 2)] = units == 1 ? i % 2 : 1f;
        }
        DataSet batch = new DataSet(features, Nd4j.create(y, new long[] {batchSize, units}, 'c'));
        for (int i = 0; i < warmup; i++) {
            net.fit(batch);
        }
        long start = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            net.fit(batch);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("blas.vendor", "?");
        System.out.printf(Locale.ROOT, "RESULT architecture=%s input=%dx%dx%d batch=%d batches=%d seconds=%.3f images_per_s=%.1f"
                        + " output=%s blas=%s%n", arch.id(), size, size, channels, batchSize, batches, seconds,
                batches * batchSize / seconds, arch.output() == ModelCard.OutputKind.SIGMOID ? "sigmoid" : "softmax", backend);
        return 0;
    }
}
