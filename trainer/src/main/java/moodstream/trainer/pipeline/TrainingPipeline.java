package moodstream.trainer.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import moodstream.core.card.ModelCard;
import moodstream.core.card.ModelCardCodec;
import moodstream.core.image.ImagePreprocessor;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.inference.Classification;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.inference.InferenceOptions;
import moodstream.core.inference.OnnxModel;
import moodstream.core.split.SplitManifest;

import moodstream.trainer.TrainerVersion;
import moodstream.trainer.data.CleanOptions;
import moodstream.trainer.data.CleanReport;
import moodstream.trainer.data.Cleaned;
import moodstream.trainer.data.DatasetCleaner;
import moodstream.trainer.data.DatasetException;
import moodstream.trainer.data.LabelledImage;
import moodstream.trainer.data.Split;
import moodstream.trainer.data.SplitFile;
import moodstream.trainer.data.SplitFractions;
import moodstream.trainer.data.StratifiedSplit;
import moodstream.trainer.evaluate.Evaluation;
import moodstream.trainer.export.ExportOptions;
import moodstream.trainer.export.OnnxExporter;
import moodstream.trainer.export.ParityCheck;
import moodstream.trainer.io.AtomicFiles;
import moodstream.trainer.report.CurvePlots;
import moodstream.trainer.report.ImageGrid;
import moodstream.trainer.train.Trainer;
import moodstream.trainer.train.TrainingHistory;
import moodstream.trainer.train.TrainingOptions;
import moodstream.trainer.train.TrainingProgress;
import moodstream.trainer.train.TrainingResult;
import moodstream.trainer.train.TensorLoader;
import moodstream.trainer.train.TensorSet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The tutorial's pipeline, step by step, with what real data needs: clean, load, preview,
 * split, scale, build, train, plot, export with a parity check, evaluate through ONNX,
 * predict one image, save. Every output lands in {@code out}; the models are written last
 * and atomically, so a failed run leaves the previous model in place.
 */
public final class TrainingPipeline {
    /** File names inside the output folder. */
    public static final String ONNX = "model.onnx";
    public static final String DL4J_ZIP = "model.zip";

    private final TrainRequest request;
    private final PrintStream out;
    private final TrainingProgress progress;
    private int step;

    public TrainingPipeline(TrainRequest request, PrintStream out, TrainingProgress progress) {
        this.request = request;
        this.out = out;
        this.progress = progress;
    }

    /** The trained model's files and its test metrics. */
    public record Outcome(Path onnx, Path dl4jZip, Evaluation evaluation, TrainingResult training) {
    }

    public Outcome run() throws IOException {
        AtomicFiles.requireWritableDirectory(request.out());
        Instant created = Instant.now();

        List<String> labels;
        Split split;
        TensorSet train;
        TensorSet validation;
        TensorSet test;
        // Closed once the tensors are made: with a face crop it holds the detector's native classifiers.
        // The cleaner judges each file through it and keeps the tensor: every file is decoded once.
        try (ImagePreprocessor preprocessor = new ImagePreprocessor(request.input(), request.limits())) {
            Cleaned cleaned = clean(preprocessor);
            labels = load(cleaned.report());
            TensorLoader loader = new TensorLoader(preprocessor, labels, cleaned.tensors());
            preview(cleaned.report(), loader);
            split = split(cleaned.report());
            train = scale("train", split.train(), loader);
            validation = scale("validation", split.validation(), loader);
            test = testSet(split, labels, preprocessor, loader);
        }

        MultiLayerNetwork net = model(labels);
        TrainingResult training = train(net, train, validation);
        plot(training);

        ModelCard card = card(labels, split, test, created);
        byte[] onnx = export(net, card, test);
        Evaluation evaluation = evaluate(onnx, test);
        card = card.withTestMetrics(evaluation.metrics().headline());
        onnx = export(net, card, test);
        predictOne(onnx, test.images());
        return save(net, onnx, card, evaluation, training);
    }

    private Cleaned clean(ImagePreprocessor preprocessor) throws IOException {
        begin("clean", request.data().toString());
        Cleaned cleaned = new DatasetCleaner(new CleanOptions(request.limits(), request.minSide(), request.quarantine()), preprocessor)
                .cleanAndPreprocess(request.data());
        out.print(cleaned.report().summary());
        cleaned.report().writeJson(request.out().resolve("clean-report.json"));
        return cleaned;
    }

    private List<String> load(CleanReport report) {
        begin("load", "labels from folder names, sorted");
        Map<String, Integer> counts = report.keptCounts();
        counts.forEach((label, n) -> out.printf(Locale.ROOT, "  %-12s %6d images%n", label, n));
        int max = Collections.max(counts.values());
        int min = Collections.min(counts.values());
        if (max > 1.5 * min) {
            out.printf(Locale.ROOT, "  warning: classes are imbalanced (%d vs %d images); accuracy alone will flatter the"
                    + " majority class, read precision and recall per class too%n", max, min);
        }
        return report.labels();
    }

    private void preview(CleanReport report, TensorLoader loader) throws IOException {
        begin("preview", "preview.png");
        List<LabelledImage> sample = new ArrayList<>();
        for (String label : report.labels()) {
            report.kept().stream().filter(i -> i.label().equals(label)).limit(6).forEach(sample::add);
        }
        TensorSet set = loader.load(sample);
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            tiles.add(new ImageGrid.Tile(set.pixels().get(i), set.images().get(i).label(), fileName(set.images().get(i))));
        }
        ImageGrid.write(tiles, request.input(), 6, request.out().resolve("preview.png"));
    }

    private Split split(CleanReport report) {
        boolean separateTest = request.testData().isPresent();
        begin("split", (separateTest ? "70:20 train/validation, test from " + request.testData().get() : "70/20/10")
                + ", stratified, seed " + request.seed());
        Split split = StratifiedSplit.split(report.kept(), separateTest ? SplitFractions.NO_TEST : SplitFractions.DEFAULT,
                request.seed());
        if (request.refit().isPresent()) {
            split = refit(split, request.refit().get());
        }
        split.counts().forEach((name, perLabel) -> {
            if (!(separateTest && name.equals(Split.TEST))) {
                out.printf(Locale.ROOT, "  %-10s %s%n", name, perLabel);
            }
        });
        SplitFile.write(request.out().resolve("split.csv"), split);
        return split;
    }

    /**
     * The refit's split: the earlier run's, to the row (else the data or the seed differ, and the
     * schedule it replays was chosen on other images), with the validation images moved into
     * training. split.csv then records them as training images, which they are in this run.
     */
    private Split refit(Split split, Refit refit) {
        String ours = SplitManifest.format(SplitFile.entries(split));
        String theirs;
        try {
            theirs = Files.readString(refit.splitFile());
        } catch (IOException e) {
            throw new DatasetException("cannot read " + refit.splitFile() + ": " + e.getMessage(), e);
        }
        if (!ours.equals(theirs)) {
            throw new DatasetException("--refit: the split of " + request.data() + " with seed " + request.seed() + " is not the one in "
                    + refit.splitFile() + "; give the --data, --test-data, --seed and cleaning options (--min-side, the limits)"
                    + " that run had, on the same files");
        }
        List<LabelledImage> train = new ArrayList<>(split.train());
        train.addAll(split.validation());
        out.printf(Locale.ROOT, "  refit of %s: its %d training and %d validation images train together%n", refit.run(),
                split.train().size(), split.validation().size());
        return new Split(train, List.of(), split.test());
    }

    /** The test split, or the separate test folder cleaned the same way (and decoded once) and checked against the labels. */
    private TensorSet testSet(Split split, List<String> labels, ImagePreprocessor preprocessor, TensorLoader loader) {
        if (request.testData().isEmpty()) {
            return scale("test", split.test(), loader);
        }
        Cleaned cleaned = new DatasetCleaner(new CleanOptions(request.limits(), request.minSide(), Optional.empty()), preprocessor)
                .cleanAndPreprocess(request.testData().get());
        CleanReport report = cleaned.report();
        if (!report.labels().equals(labels)) {
            throw new DatasetException("test folder " + request.testData().get() + " has labels " + report.labels()
                    + " but the training folder has " + labels + "; they must have the same label folders");
        }
        out.printf(Locale.ROOT, "  test (separate) %s%n", report.keptCounts());
        return scale("test", report.kept(), new TensorLoader(preprocessor, labels, cleaned.tensors()));
    }

    private TensorSet scale(String name, List<LabelledImage> images, TensorLoader loader) {
        if (!name.equals("train")) {
            return loader.load(images);
        }
        begin("scale", String.format(Locale.ROOT, "%dx%dx%d in [0,1] through core's ImagePreprocessor",
                request.input().width(), request.input().height(), request.input().channels()));
        long start = System.nanoTime();
        TensorSet set = loader.load(images);
        out.printf(Locale.ROOT, "  %d training images in %.1fs%n", set.size(), (System.nanoTime() - start) / 1e9);
        return set;
    }

    private MultiLayerNetwork model(List<String> labels) throws IOException {
        if (request.initFrom().isPresent()) {
            return startingNetwork(request.initFrom().get(), labels);
        }
        begin("model", request.architecture().id());
        Nd4j.getRandom().setSeed(request.seed());
        MultiLayerNetwork net = new MultiLayerNetwork(
                request.architecture().build(request.input(), labels.size(), request.training().learningRate(), request.seed()));
        net.init();
        out.printf(Locale.ROOT, "  %,d parameters%n", net.numParams());
        return net;
    }

    /**
     * The trained network of an earlier run, to fine-tune: refused unless its card says it takes
     * the same input the same way and gives the same labels, since its weights mean nothing for
     * any other. Its rate becomes --learning-rate, fixed (or cut on plateau), whatever schedule it
     * was trained with.
     */
    private MultiLayerNetwork startingNetwork(Path run, List<String> labels) throws IOException {
        begin("model", request.architecture().id() + ", the trained network of " + run);
        Path zip = run.resolve(DL4J_ZIP);
        Path cardFile = run.resolve("model-card.json");
        if (!Files.isRegularFile(zip) || !Files.isRegularFile(cardFile)) {
            throw new DatasetException("--init-from " + run + " has no " + DL4J_ZIP + " and model-card.json: give the output"
                    + " folder of a finished './moodstream train' run");
        }
        ModelCard card = new ModelCardCodec().fromJson(Files.readString(cardFile), cardFile.toString());
        PreprocessingSpec theirs = card.preprocessing();
        PreprocessingSpec ours = request.input();
        List<String> differences = new ArrayList<>();
        if (!card.architecture().equals(request.architecture().id())) {
            differences.add("architecture " + card.architecture() + ", not " + request.architecture().id());
        }
        if (!card.labels().equals(labels)) {
            differences.add("labels " + card.labels() + ", not " + labels);
        }
        if (theirs.width() != ours.width() || theirs.height() != ours.height() || theirs.channels() != ours.channels()) {
            differences.add(String.format(Locale.ROOT, "input %dx%dx%d, not %dx%dx%d", theirs.width(), theirs.height(), theirs.channels(),
                    ours.width(), ours.height(), ours.channels()));
        }
        if (!theirs.crop().equals(ours.crop())) {
            differences.add("crop " + theirs.crop() + ", not " + ours.crop());
        }
        if (!differences.isEmpty()) {
            throw new DatasetException("--init-from " + run + ": its network has " + String.join("; ", differences)
                    + "; give the --architecture, --size, --channels and --crop it was trained with, on the same labels");
        }
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), false);
        net.setLearningRate(request.training().learningRate());
        out.printf(Locale.ROOT, "  %,d parameters, from %s, at a fixed rate of %g%n", net.numParams(), zip,
                request.training().learningRate());
        return net;
    }

    private TrainingResult train(MultiLayerNetwork net, TensorSet train, TensorSet validation) throws IOException {
        TrainingOptions options = request.training();
        String schedule = request.refit().map(r -> String.format(Locale.ROOT, "(each epoch's from %s, %g to %g)", r.run(),
                        r.rates().get(0), r.rates().get(r.rates().size() - 1)))
                .or(() -> options.plateau().map(p -> String.format(Locale.ROOT, "(x%s after %d epochs without progress)", p.factor(),
                        p.patience())))
                .orElse(request.initFrom().isPresent() ? "(fixed, fine-tuning)" : "(the architecture's schedule)");
        begin("train", String.format(Locale.ROOT, "up to %d epochs, batch %d, lr %g %s, patience %d, augmentation %s%s, label smoothing %s",
                options.epochs(), options.batchSize(), options.replays() ? options.replayedRates().get(0) : options.learningRate(),
                schedule,
                options.patience(), options.augment() ? "on" : "off",
                options.erase() > 0 ? " with erasing " + options.erase() : "", options.labelSmoothing()));
        TrainingResult result = new Trainer(options, progress).train(net, train, validation);
        if (validation.size() == 0) {
            out.printf(Locale.ROOT, "  trained in %.1fs; no validation images, so the last epoch, %d, is the model%n", result.seconds(),
                    result.bestEpoch());
        } else {
            out.printf(Locale.ROOT, "  trained in %.1fs; best epoch %d (validation loss %.4f, accuracy %.4f)%n", result.seconds(),
                    result.bestEpoch(), result.best().validationLoss(), result.best().validationAccuracy());
        }
        TrainingHistory.writeCsv(result.history(), request.out().resolve("metrics.csv"));
        TrainingHistory.writeJson(result.history(), request.out().resolve("metrics.json"));
        return result;
    }

    private void plot(TrainingResult result) throws IOException {
        begin("plot", "loss.png, accuracy.png");
        CurvePlots.writeLoss(result.history(), request.out().resolve("loss.png"));
        CurvePlots.writeAccuracy(result.history(), request.out().resolve("accuracy.png"));
    }

    private ModelCard card(List<String> labels, Split split, TensorSet test, Instant created) {
        String version = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(created);
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>(split.counts());
        Map<String, Integer> testCounts = new LinkedHashMap<>();
        labels.forEach(label -> testCounts.put(label, 0));
        test.images().forEach(image -> testCounts.merge(image.label(), 1, Integer::sum));
        counts.put(Split.TEST, testCounts);
        String source = request.data() + request.testData().map(t -> " (test: " + t + ")").orElse("")
                + request.refit().map(r -> " (refit of " + r.run() + ": its training and validation images)").orElse("")
                + request.initFrom().map(r -> " (fine-tuned from the network of " + r + ")").orElse("");
        return new ModelCard("moodstream-" + String.join("-", labels), version, labels, request.input(), "image", "scores",
                request.architecture().output(), ModelCard.DEFAULT_THRESHOLD, request.architecture().id(),
                new ModelCard.TrainingDataSummary(source, request.seed(), counts),
                Map.of(), created, TrainerVersion.get(), request.tta(), null);
    }

    /** Exports in memory and refuses a model whose ONNX outputs drift from DL4J's on the test images. */
    private byte[] export(MultiLayerNetwork net, ModelCard card, TensorSet test) {
        boolean first = card.testMetrics().isEmpty();
        if (first) {
            begin("export", "ONNX opset 17, parity check against DL4J on the test images");
        }
        byte[] onnx = new OnnxExporter(new ExportOptions(card.inputName(), card.outputName(), 17, request.input().channels(),
                request.input().height(), request.input().width(), new ModelCardCodec().toMetadata(card))).export(net);
        var parity = ParityCheck.check(net, onnx, Trainer.features(test.pixels(), test), request.parityTolerance());
        if (first) {
            out.printf(Locale.ROOT, "  %,d bytes; max |DL4J - ONNX Runtime| = %.3g over %,d values (tolerance %.0e)%n",
                    onnx.length, parity.maxAbsDiff(), parity.values(), request.parityTolerance());
        }
        parity.requirePassed();
        return onnx;
    }

    private Evaluation evaluate(byte[] onnx, TensorSet test) throws IOException {
        // Through the exported model and its card, so the test metrics include the card's test-time augmentation.
        begin("evaluate", "test split through ONNX Runtime, test-time augmentation " + request.tta().id());
        try (ImageClassifier classifier = classifier(onnx)) {
            Evaluation evaluation = Evaluation.run(classifier, test);
            out.print(evaluation.describe());
            evaluation.writeJson(request.out().resolve("evaluation.json"));
            evaluation.writeMistakeGrid(test, 36, request.out().resolve("misclassified.png"));
            return evaluation;
        }
    }

    private void predictOne(byte[] onnx, List<LabelledImage> test) throws IOException {
        LabelledImage image = test.get(0);
        begin("predict", image.relativePath());
        try (ImageClassifier classifier = classifier(onnx)) {
            Classification c = classifier.classify(Files.readAllBytes(image.path()));
            out.printf(Locale.ROOT, "  %s: %s (%.4f), true label %s%n", image.relativePath(), c.label(), c.score(), image.label());
        }
    }

    private Outcome save(MultiLayerNetwork net, byte[] onnx, ModelCard card, Evaluation evaluation, TrainingResult training)
            throws IOException {
        Path zip = request.out().resolve(DL4J_ZIP);
        Path onnxFile = request.out().resolve(ONNX);
        begin("save", zip + ", " + onnxFile);
        AtomicFiles.writeString(request.out().resolve("model-card.json"), new ModelCardCodec().toJson(card));
        AtomicFiles.write(zip, tmp -> ModelSerializer.writeModel(net, tmp.toFile(), false));
        AtomicFiles.write(onnxFile, onnx);
        return new Outcome(onnxFile, zip, evaluation, training);
    }

    private ImageClassifier classifier(byte[] onnx) {
        return new ImageClassifier(OnnxModel.load(onnx, "exported model", InferenceOptions.CPU), request.limits());
    }

    private void begin(String name, String detail) {
        step++;
        out.printf(Locale.ROOT, "[%d/12] %s: %s%n", step, name, detail);
    }

    private static String fileName(LabelledImage image) {
        return image.path().getFileName().toString();
    }
}
