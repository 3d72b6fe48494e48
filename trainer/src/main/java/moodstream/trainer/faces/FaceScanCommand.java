package moodstream.trainer.faces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import moodstream.core.face.FaceBox;
import moodstream.core.face.FaceDetector;
import moodstream.core.image.ImageDecoder;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.InvalidImageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code moodstream face-scan}: how often each face-detector setting finds a face, per class, and
 * how long it takes. Not a test; its table goes into docs/training.md.
 *
 * <p>A detector that finds happy faces more often than sad ones would teach a face-cropping
 * model that "a face was found" means happy, so the number to watch is the gap between the
 * classes, next to the rates. "Found" means at least one box; whether the boxes are faces is
 * checked by eye with {@code --examples}.
 *
 * <p>Each image is decoded once at full size and every variant runs on it in turn, one thread,
 * so the variants share the machine's noise. The time is one {@link FaceDetector#detect} call:
 * gray conversion, reduction to the variant's size, every pass.
 */
@Command(name = "face-scan", mixinStandardHelpOptions = true,
        description = "Measure face detection per class (rate, gap between classes, ms per image) for detector settings.")
public final class FaceScanCommand implements Callable<Integer> {
    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp");

    @Option(names = "--data", required = true, description = "A folder with one sub-folder of images per class (e.g. happy/, sad/).")
    Path data;

    @Option(names = "--variants", defaultValue = "all",
            description = "Comma-separated variant names, or 'all' (default); the names are listed in ScanVariant.")
    String variants;

    @Option(names = "--examples", description = "Write, for the --examples-of variants, each miss (reduced) and the largest face of each hit into DIR/VARIANT/CLASS/.")
    Path examples;

    @Option(names = "--examples-of", defaultValue = "", description = "Comma-separated variants to write examples for (default: the first one scanned).")
    String examplesOf;

    @Option(names = "--parallel", description = "Also measure the first variant with 2 threads sharing one detector: a pool of 1 classifier (as synchronized) against 2.")
    boolean parallel;

    @Option(names = "--hand-over", defaultValue = "0", paramLabel = "SIDE",
            description = "Reduce each decoded image to at most SIDE on the long side before the variants run, as a decoder that"
                    + " subsamples would hand it over; 0 (default) hands over the full-size decode.")
    int handOver;

    @Option(names = "--out", description = "Append the result as one JSON line to this file.")
    Path out;

    /** One class under one variant. */
    public record ClassRate(String label, int images, int found, double rate) {
    }

    /** @param gapPoints first class's rate minus the second's, in percentage points */
    public record VariantResult(String variant, String settings, List<ClassRate> classes, double gapPoints, double meanMs,
                                double medianMs, double p95Ms, double maxMs) {
    }

    public record ParallelResult(String variant, int threads, int poolSize, int calls, double seconds, double imagesPerSecond) {
    }

    public record Report(String startedAt, String data, int handOver, int refused, List<VariantResult> variants,
                         List<ParallelResult> parallel) {
    }

    private record Labelled(String label, Path file) {
    }

    @Override
    public Integer call() throws IOException {
        List<ScanVariant> chosen = ScanVariant.named(variants);
        List<String> labels = labels(data);
        List<Labelled> files = files(data, labels);
        Set<String> exampleVariants = examplesOf.isBlank() ? Set.of(chosen.get(0).name())
                : Set.copyOf(Arrays.stream(examplesOf.split(",")).map(String::trim).toList());
        String startedAt = Instant.now().toString();
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

        List<FaceDetector> detectors = new ArrayList<>();
        try {
            for (ScanVariant v : chosen) {
                detectors.add(new FaceDetector(v.settings(), 1));
            }
            int n = chosen.size();
            long[][] times = new long[n][files.size()];
            Map<String, int[]> found = new LinkedHashMap<>(); // label -> per variant
            Map<String, Integer> images = new LinkedHashMap<>();
            labels.forEach(l -> {
                found.put(l, new int[n]);
                images.put(l, 0);
            });
            int refused = 0;
            int done = 0;
            for (Labelled f : files) {
                BufferedImage image;
                try {
                    image = decoder.decode(Files.readAllBytes(f.file())).image();
                } catch (InvalidImageException e) {
                    refused++;
                    continue;
                }
                if (handOver > 0 && Math.max(image.getWidth(), image.getHeight()) > handOver) {
                    image = shrunk(image, handOver);
                }
                images.merge(f.label(), 1, Integer::sum);
                for (int v = 0; v < n; v++) {
                    if (done == 0) {
                        // Untimed first call per variant: class loading, JIT and OpenCV's first allocations.
                        detectors.get(v).detect(image);
                    }
                    long t0 = System.nanoTime();
                    List<FaceBox> boxes = detectors.get(v).detect(image);
                    times[v][done] = System.nanoTime() - t0;
                    if (!boxes.isEmpty()) {
                        found.get(f.label())[v]++;
                    }
                    if (examples != null && exampleVariants.contains(chosen.get(v).name())) {
                        writeExample(chosen.get(v).name(), f, image, boxes);
                    }
                }
                done++;
                if (done % 50 == 0) {
                    System.err.printf(Locale.ROOT, "face-scan: %d of %d images%n", done, files.size());
                }
            }
            List<VariantResult> results = new ArrayList<>();
            for (int v = 0; v < n; v++) {
                List<ClassRate> rates = new ArrayList<>();
                for (String l : labels) {
                    int count = images.get(l);
                    rates.add(new ClassRate(l, count, found.get(l)[v], count == 0 ? 0 : (double) found.get(l)[v] / count));
                }
                double gap = rates.size() >= 2 ? 100 * (rates.get(0).rate() - rates.get(1).rate()) : 0;
                long[] t = Arrays.copyOf(times[v], done);
                Arrays.sort(t);
                double mean = Arrays.stream(t).average().orElse(0) / 1e6;
                results.add(new VariantResult(chosen.get(v).name(), chosen.get(v).settings().toString(), rates, gap, mean,
                        percentile(t, 0.5), percentile(t, 0.95), done == 0 ? 0 : t[done - 1] / 1e6));
            }
            List<ParallelResult> par = parallel ? parallel(chosen.get(0), files, decoder, handOver) : List.of();
            Report report = new Report(startedAt, data.toString(), handOver, refused, results, par);
            System.out.println(table(report));
            if (out != null) {
                Files.writeString(out, json(report) + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            return 0;
        } finally {
            detectors.forEach(FaceDetector::close);
        }
    }

    /**
     * Two threads share one detector over the first images (decoded once beforehand), first
     * with one classifier in the pool (the calls take turns, as a synchronized detector would),
     * then with two.
     */
    private static List<ParallelResult> parallel(ScanVariant variant, List<Labelled> files, ImageDecoder decoder, int handOver)
            throws IOException {
        List<BufferedImage> decoded = new ArrayList<>();
        for (Labelled f : files.subList(0, Math.min(60, files.size()))) {
            try {
                BufferedImage image = decoder.decode(Files.readAllBytes(f.file())).image();
                decoded.add(handOver > 0 && Math.max(image.getWidth(), image.getHeight()) > handOver ? shrunk(image, handOver) : image);
            } catch (InvalidImageException e) {
                // not an input
            }
        }
        List<ParallelResult> results = new ArrayList<>();
        int threads = 2;
        for (int pool : new int[] {1, 2}) {
            try (FaceDetector detector = new FaceDetector(variant.settings(), pool)) {
                ExecutorService exec = Executors.newFixedThreadPool(threads);
                try {
                    detector.detect(decoded.get(0)); // warm-up
                    long t0 = System.nanoTime();
                    List<Future<?>> futures = new ArrayList<>();
                    int rounds = 3;
                    for (int r = 0; r < rounds; r++) {
                        for (BufferedImage img : decoded) {
                            futures.add(exec.submit(() -> detector.detect(img)));
                        }
                    }
                    for (Future<?> f : futures) {
                        f.get();
                    }
                    double s = (System.nanoTime() - t0) / 1e9;
                    results.add(new ParallelResult(variant.name(), threads, pool, futures.size(), s, futures.size() / s));
                } catch (Exception e) {
                    throw new IllegalStateException("parallel measurement failed", e);
                } finally {
                    exec.shutdownNow();
                }
            }
        }
        return results;
    }

    private void writeExample(String variant, Labelled f, BufferedImage image, List<FaceBox> boxes) {
        String base = f.file().getFileName().toString().replaceAll("\\.[^.]+$", "");
        Path dir = examples.resolve(variant).resolve(f.label());
        try {
            Files.createDirectories(dir);
            if (boxes.isEmpty()) {
                ImageIO.write(shrunk(image, 320), "png", dir.resolve("miss-" + base + ".png").toFile());
            } else {
                FaceBox b = boxes.get(0);
                BufferedImage crop = image.getSubimage(b.x(), b.y(), b.width(), b.height());
                ImageIO.write(shrunk(crop, 160), "png", dir.resolve("face-" + base + "-n" + boxes.size() + ".png").toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an example into " + dir, e);
        }
    }

    /** An RGB copy at most {@code side} on the long side (bilinear), for --hand-over and for looking at. */
    private static BufferedImage shrunk(BufferedImage image, int side) {
        double s = Math.min(1.0, side / (double) Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * s));
        int h = Math.max(1, (int) Math.round(image.getHeight() * s));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
        return sorted[i] / 1e6;
    }

    private static List<String> labels(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--data " + dir.toAbsolutePath() + " is not a folder");
        }
        try (Stream<Path> list = Files.list(dir)) {
            List<String> labels = list.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
            if (labels.isEmpty()) {
                throw new IllegalArgumentException("--data " + dir.toAbsolutePath() + " has no class sub-folders (e.g. happy/, sad/)");
            }
            return labels;
        }
    }

    private static List<Labelled> files(Path dir, List<String> labels) throws IOException {
        List<Labelled> files = new ArrayList<>();
        for (String label : labels) {
            try (Stream<Path> walk = Files.walk(dir.resolve(label))) {
                walk.filter(Files::isRegularFile).filter(p -> {
                    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    return EXTENSIONS.contains(name.substring(name.lastIndexOf('.') + 1));
                }).sorted().forEach(p -> files.add(new Labelled(label, p)));
            }
        }
        return files;
    }

    static String table(Report r) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%s: %d images refused by the decoder; handed over %s%n%n", r.data(), r.refused(),
                r.handOver() > 0 ? "at most " + r.handOver() + " px on the long side" : "at full size"));
        List<ClassRate> first = r.variants().isEmpty() ? List.of() : r.variants().get(0).classes();
        t.append("| variant |");
        first.forEach(c -> t.append(" ").append(c.label()).append(" |"));
        t.append(" gap (points) | ms/image mean | median | p95 | max |\n|---|");
        first.forEach(c -> t.append("---:|"));
        t.append("---:|---:|---:|---:|---:|\n");
        for (VariantResult v : r.variants()) {
            t.append("| ").append(v.variant()).append(" |");
            for (ClassRate c : v.classes()) {
                t.append(String.format(Locale.ROOT, " %d/%d (%.1f%%) |", c.found(), c.images(), 100 * c.rate()));
            }
            t.append(String.format(Locale.ROOT, " %+.1f | %.1f | %.1f | %.1f | %.0f |%n", v.gapPoints(), v.meanMs(), v.medianMs(),
                    v.p95Ms(), v.maxMs()));
        }
        for (ParallelResult p : r.parallel()) {
            t.append(String.format(Locale.ROOT, "%nparallel: %s, %d threads, pool of %d: %d calls in %.2f s, %.1f images/s",
                    p.variant(), p.threads(), p.poolSize(), p.calls(), p.seconds(), p.imagesPerSecond()));
        }
        return t.toString();
    }

    private static String json(Report report) {
        try {
            return new ObjectMapper().writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report of strings and numbers always serialises", e);
        }
    }
}
