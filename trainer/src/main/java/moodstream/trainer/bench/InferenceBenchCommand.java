package moodstream.trainer.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import moodstream.core.cli.RuntimeOptions;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.ImagePreprocessor;
import moodstream.core.image.InvalidImageException;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.inference.ExecutionProvider;
import moodstream.core.inference.InferenceOptions;
import moodstream.core.inference.OnnxModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code moodstream bench-inference}: measurement (d) of the streaming benchmark, ONNX Runtime
 * against DL4J on one trained model (its model.zip and the model.onnx exported from it). Not a
 * test; its output goes into the docs.
 *
 * <p>Images are decoded and preprocessed once, through core's preprocessor, so only the engines
 * are timed. Both sides are timed from the same {@code float[]} per image to {@code float[]}
 * scores per image: ONNX Runtime through {@link OnnxModel#run} (what the streamer calls), DL4J
 * through {@code net.output(x, false)} with the copy into an INDArray counted, since ORT's run
 * counts its copy into a tensor too. Batch 1 is the streamer's case; batch 32 shows what
 * batching would buy. The engines take turns on the same inputs in one JVM, so a busy machine
 * slows both, and the ratio is the number to quote.
 */
@Command(name = "bench-inference", mixinStandardHelpOptions = true,
        description = "Measure ONNX Runtime against DL4J on the same model and images, at batch 1 and 32.")
public final class InferenceBenchCommand implements Callable<Integer> {
    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp");
    private static final int[] BATCH_SIZES = {1, 32};
    /** The export's own parity bar: the two engines must agree this closely to be the same model. */
    private static final double TOLERANCE = 1e-4;

    @Option(names = "--model-dir", required = true, description = "A trained model folder with model.zip (DL4J) and model.onnx.")
    Path modelDir;

    @Option(names = "--data", required = true, description = "A folder of images, searched recursively; labels are ignored.")
    Path data;

    @Option(names = "--limit", defaultValue = "2000", description = "Use at most this many images, sorted by path (default: ${DEFAULT-VALUE}).")
    int limit;

    /** Only the thread count is used: the comparison with DL4J is on the CPU. Pass --intra-op-threads 0 to give ONNX Runtime every core, as DL4J has. */
    @Mixin
    RuntimeOptions runtime = new RuntimeOptions();

    @Option(names = "--warmup", defaultValue = "200", description = "Images run and discarded before each measurement (default: ${DEFAULT-VALUE}).")
    int warmup;

    @ArgGroup(exclusive = true)
    LengthOptions length = new LengthOptions();

    static final class LengthOptions {
        @Option(names = "--seconds", description = "Length of each of the four measurements (default: 10).")
        Double seconds;

        @Option(names = "--repeat", description = "Instead of --seconds: each measurement goes this many times through the images.")
        Integer repeat;
    }

    @Option(names = "--out", description = "Append the result as one JSON line to this file.")
    Path out;

    /** One engine at one batch size. */
    public record Row(String engine, int batch, long images, double seconds, double imagesPerSecond) {
    }

    /** @param ortToDl4j ONNX Runtime images/s divided by DL4J's, per batch size in {@code batches} order */
    public record Report(String startedAt, String model, String input, String data, int images, int refused, String length,
                         int intraOpThreads, String ompNumThreads, String blas, int cores, List<Row> rows, List<Double> ortToDl4j,
                         double maxAbsDiff, boolean withinTolerance) {
    }

    @Override
    public Integer call() throws IOException {
        if (limit < 1 || warmup < 0) {
            throw new IllegalArgumentException("--limit must be at least 1, --warmup at least 0");
        }
        if ((length.seconds != null && !(length.seconds > 0)) || (length.repeat != null && length.repeat < 1)) {
            throw new IllegalArgumentException("--seconds and --repeat must be positive");
        }
        Path onnxFile = modelDir.resolve("model.onnx");
        Path zipFile = modelDir.resolve("model.zip");
        if (!Files.isRegularFile(zipFile)) {
            throw new IllegalArgumentException("no DL4J model " + zipFile.toAbsolutePath() + "; point --model-dir at a 'train' output folder");
        }
        String startedAt = Instant.now().toString();
        try (OnnxModel ort = OnnxModel.load(onnxFile, new InferenceOptions(ExecutionProvider.CPU, runtime.inference().intraOpThreads(), 0))) {
            PreprocessingSpec spec = ort.card().preprocessing();
            List<Path> files = imageFiles(data, limit);
            List<float[]> inputs = new ArrayList<>();
            // Closed at once: a face-cropping spec's detector holds native memory.
            try (ImagePreprocessor preprocessor = new ImagePreprocessor(spec, ImageLimits.DEFAULT)) {
                for (Path file : files) {
                    try {
                        inputs.add(preprocessor.preprocess(Files.readAllBytes(file)).pixels());
                    } catch (InvalidImageException e) {
                        // Refused images are no input for either engine.
                    }
                }
            }
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("none of the " + files.size() + " files under " + data + " is a usable image");
            }
            MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(zipFile.toFile(), false);
            long[] shape = {0, spec.channels(), spec.height(), spec.width()};
            Function<List<float[]>, float[][]> dl4j = batch -> dl4jRun(net, batch, shape);
            Function<List<float[]>, float[][]> onnx = ort::run;

            List<Row> rows = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int batch : BATCH_SIZES) {
                Row d = measure("dl4j", dl4j, inputs, batch);
                Row o = measure("onnxruntime", onnx, inputs, batch);
                rows.add(d);
                rows.add(o);
                ratios.add(o.imagesPerSecond() / d.imagesPerSecond());
            }
            double diff = maxAbsDiff(dl4j, onnx, inputs, 32);
            String omp = System.getenv("OMP_NUM_THREADS");
            Report report = new Report(startedAt, ort.card().name() + " " + ort.card().version(), spec.width() + "x" + spec.height()
                    + "x" + spec.channels(), data.toString(), inputs.size(), files.size() - inputs.size(),
                    length.repeat != null ? length.repeat + " pass(es)" : seconds() + " s", runtime.inference().intraOpThreads(),
                    omp == null ? "unset" : omp, Nd4j.getExecutioner().getEnvironmentInformation().getProperty("blas.vendor", "?"),
                    Runtime.getRuntime().availableProcessors(), rows, ratios, diff, diff <= TOLERANCE);
            System.out.println(table(report));
            System.out.println(json(report, true));
            if (out != null) {
                Files.writeString(out, json(report, false) + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            return report.withinTolerance() ? 0 : 1;
        }
    }

    private double seconds() {
        return length.seconds == null ? 10 : length.seconds;
    }

    /** Warm-up, then batches of {@code batch} consecutive images (cycling) until the time or passes are done. */
    private Row measure(String engine, Function<List<float[]>, float[][]> run, List<float[]> inputs, int batch) {
        long warmupBatches = (warmup + batch - 1) / batch;
        for (long k = 0; k < warmupBatches; k++) {
            run.apply(batch(inputs, k, batch));
        }
        long maxBatches = length.repeat != null ? Math.max(1, (long) length.repeat * inputs.size() / batch) : Long.MAX_VALUE;
        long deadline = length.repeat != null ? Long.MAX_VALUE : System.nanoTime() + (long) (seconds() * 1e9);
        long start = System.nanoTime();
        long k = 0;
        while (k < maxBatches && System.nanoTime() < deadline) {
            run.apply(batch(inputs, k, batch));
            k++;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Row(engine, batch, k * batch, elapsed, k * batch / elapsed);
    }

    private static List<float[]> batch(List<float[]> inputs, long k, int size) {
        List<float[]> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(inputs.get((int) ((k * size + i) % inputs.size())));
        }
        return out;
    }

    /** The DL4J side of {@link OnnxModel#run}: images in, one score row per image out. */
    private static float[][] dl4jRun(MultiLayerNetwork net, List<float[]> images, long[] shape) {
        int size = images.get(0).length;
        float[] flat = new float[size * images.size()];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, flat, i * size, size);
        }
        long[] s = shape.clone();
        s[0] = images.size();
        INDArray output = net.output(Nd4j.create(flat, s, 'c'), false);
        return output.castTo(DataType.FLOAT).toFloatMatrix();
    }

    private static double maxAbsDiff(Function<List<float[]>, float[][]> a, Function<List<float[]>, float[][]> b,
                                      List<float[]> inputs, int batch) {
        double max = 0;
        for (int from = 0; from < inputs.size(); from += batch) {
            List<float[]> chunk = inputs.subList(from, Math.min(inputs.size(), from + batch));
            float[][] x = a.apply(chunk);
            float[][] y = b.apply(chunk);
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x[i].length; j++) {
                    double d = Math.abs((double) x[i][j] - y[i][j]);
                    // A NaN on either side must stick, not be skipped by a plain max.
                    if (!(d <= max)) {
                        max = d;
                    }
                }
            }
        }
        return max;
    }

    private static List<Path> imageFiles(Path dir, int limit) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--data " + dir.toAbsolutePath() + " is not a folder");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return EXTENSIONS.contains(name.substring(name.lastIndexOf('.') + 1));
            }).sorted().limit(limit).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static String table(Report r) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "model %s, input %s; %s: %d images (%d refused); %d cores, ORT intra-op threads %d,"
                        + " OMP_NUM_THREADS %s, BLAS %s; each measurement %s%n%n", r.model(), r.input(), r.data(), r.images(),
                r.refused(), r.cores(), r.intraOpThreads(), r.ompNumThreads(), r.blas(), r.length()));
        t.append(String.format(Locale.ROOT, "%-12s %6s %12s %10s%n", "engine", "batch", "images/s", "images"));
        for (Row row : r.rows()) {
            t.append(String.format(Locale.ROOT, "%-12s %6d %12.1f %10d%n", row.engine(), row.batch(), row.imagesPerSecond(), row.images()));
        }
        for (int i = 0; i < BATCH_SIZES.length; i++) {
            t.append(String.format(Locale.ROOT, "ORT/DL4J at batch %d: %.2f%n", BATCH_SIZES[i], r.ortToDl4j().get(i)));
        }
        t.append(String.format(Locale.ROOT, "max |DL4J - ORT| over all outputs: %.2e (%s %.0e)%n", r.maxAbsDiff(),
                r.withinTolerance() ? "within" : "OVER", TOLERANCE));
        return t.toString();
    }

    private static String json(Report report, boolean pretty) {
        ObjectMapper mapper = new ObjectMapper();
        try {
            return pretty ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(report) : mapper.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report of strings and numbers always serialises", e);
        }
    }
}
