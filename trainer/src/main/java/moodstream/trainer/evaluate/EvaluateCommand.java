package moodstream.trainer.evaluate;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import moodstream.core.card.TestTimeAugmentation;
import moodstream.core.cli.ModelOptions;
import moodstream.core.image.ImageLimits;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.inference.InferenceOptions;
import moodstream.trainer.data.CleanOptions;
import moodstream.trainer.data.Cleaned;
import moodstream.trainer.data.DatasetCleaner;
import moodstream.trainer.data.DatasetException;
import moodstream.trainer.data.LabelledImage;
import moodstream.trainer.data.Split;
import moodstream.trainer.data.SplitFile;
import moodstream.trainer.io.AtomicFiles;
import moodstream.trainer.train.TensorLoader;
import moodstream.trainer.train.TensorSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code moodstream evaluate}: score an exported model on any labelled folder, or on one split of
 * a run, as served (the card's test-time augmentation) or with another one, so one trained model
 * can be measured both ways.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate an ONNX model on DATA/<label>/ folders (all images, or one split of --split-file).")
public final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--data", required = true, description = "Folder with one sub-folder of images per label.")
    Path data;

    @Option(names = "--split-file", description = "A training run's split.csv: evaluate only the images of --split.")
    Path splitFile;

    @Option(names = "--split", defaultValue = "test",
            description = "With --split-file: test or validation (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--tta", description = "Test-time augmentation, none or hflip, instead of the card's (default: the card's).")
    String tta;

    @Option(names = "--batch-size", defaultValue = "" + Evaluation.DEFAULT_BATCH,
            description = "Images per inference call; 1 times it as the streamer runs (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--out", description = "Write evaluation.json and misclassified.png into this folder.")
    Path out;


    @Override
    public Integer call() throws Exception {
        if (out != null) {
            AtomicFiles.requireWritableDirectory(out);
        }
        InferenceOptions options = model.inference();
        Optional<TestTimeAugmentation> override = Optional.ofNullable(tta).map(TestTimeAugmentation::parse);
        if (!split.equals(Split.TEST) && !split.equals(Split.VALIDATION)) {
            throw new IllegalArgumentException("--split must be test or validation, got '" + split + "'");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        try (ImageClassifier classifier = ImageClassifier.open(model.model(), options, ImageLimits.DEFAULT, override, model.noFace())) {
            if (classifier.augmentation() != classifier.card().tta()) {
                System.out.printf("note: test-time augmentation %s instead of the card's %s%n", classifier.augmentation().id(),
                        classifier.card().tta().id());
            }
            List<String> labels = classifier.card().labels();
            TensorSet set = tensors(classifier);
            Evaluation evaluation = Evaluation.run(classifier, set, batchSize);
            System.out.print(evaluation.describe());
            if (out != null) {
                evaluation.writeJson(out.resolve("evaluation.json"));
                evaluation.writeMistakeGrid(set, 36, out.resolve("misclassified.png"));
            }
        }
        return 0;
    }

    /**
     * The images to score, each decoded once, through the model's own preprocessing. A folder is
     * cleaned with it, so with {@code --no-face dead-letter} the images the stream would refuse
     * are counted in the summary as rejected and left out of the metrics.
     */
    private TensorSet tensors(ImageClassifier classifier) throws Exception {
        List<String> labels = classifier.card().labels();
        if (splitFile != null) {
            Split read = SplitFile.read(splitFile, data, classifier.preprocessor().decoder());
            List<LabelledImage> images = split.equals(Split.VALIDATION) ? read.validation() : read.test();
            requireKnownLabels(images, labels);
            return new TensorLoader(classifier.preprocessor(), labels).load(images);
        }
        // Evaluation keeps every decodable image: a tiny image is still an input users may send.
        Cleaned cleaned = new DatasetCleaner(new CleanOptions(ImageLimits.DEFAULT, 1, Optional.empty()), classifier.preprocessor())
                .cleanAndPreprocess(data);
        System.out.print(cleaned.report().summary());
        requireKnownLabels(cleaned.report().kept(), labels);
        return new TensorLoader(classifier.preprocessor(), labels, cleaned.tensors()).load(cleaned.report().kept());
    }

    private void requireKnownLabels(List<LabelledImage> images, List<String> labels) {
        for (LabelledImage image : images) {
            if (!labels.contains(image.label())) {
                throw new DatasetException("folder '" + image.label() + "' in " + data + " is not a label of " + model.model()
                        + " (its labels: " + labels + "); evaluate on folders named after the model's labels");
            }
        }
    }
}
