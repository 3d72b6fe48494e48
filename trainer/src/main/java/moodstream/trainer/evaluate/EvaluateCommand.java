package moodstream.trainer.evaluate;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import moodstream.core.image.ImageLimits;
import moodstream.core.inference.ExecutionProvider;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.inference.InferenceOptions;
import moodstream.core.inference.OnnxModel;
import moodstream.trainer.data.CleanOptions;
import moodstream.trainer.data.CleanReport;
import moodstream.trainer.data.DatasetCleaner;
import moodstream.trainer.data.DatasetException;
import moodstream.trainer.data.LabelledImage;
import moodstream.trainer.data.SplitFile;
import moodstream.trainer.io.AtomicFiles;
import moodstream.trainer.train.TensorLoader;
import moodstream.trainer.train.TensorSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code moodstream evaluate}: score an exported model on any labelled folder, or on a run's test split. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate an ONNX model on DATA/<label>/ folders (all images, or the test split of --split-file).")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "models/model.onnx", description = "The ONNX model (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--data", required = true, description = "Folder with one sub-folder of images per label.")
    Path data;

    @Option(names = "--split-file", description = "A training run's split.csv: evaluate only its test images.")
    Path splitFile;

    @Option(names = "--out", description = "Write evaluation.json and misclassified.png into this folder.")
    Path out;

    @Option(names = "--provider", defaultValue = "auto", description = "cpu, cuda or auto (default: ${DEFAULT-VALUE}).")
    String provider;

    @Override
    public Integer call() throws Exception {
        if (out != null) {
            AtomicFiles.requireWritableDirectory(out);
        }
        InferenceOptions options = new InferenceOptions(ExecutionProvider.parse(provider), 0, 0);
        try (ImageClassifier classifier = new ImageClassifier(OnnxModel.load(model, options), ImageLimits.DEFAULT)) {
            List<String> labels = classifier.card().labels();
            List<LabelledImage> images = images(classifier);
            for (LabelledImage image : images) {
                if (!labels.contains(image.label())) {
                    throw new DatasetException("folder '" + image.label() + "' in " + data + " is not a label of " + model
                            + " (its labels: " + labels + "); evaluate on folders named after the model's labels");
                }
            }
            TensorSet set = new TensorLoader(classifier.preprocessor(), labels).load(images);
            Evaluation evaluation = Evaluation.run(classifier, set);
            System.out.print(evaluation.metrics().describe());
            if (out != null) {
                evaluation.writeJson(out.resolve("evaluation.json"));
                evaluation.writeMistakeGrid(set, 36, out.resolve("misclassified.png"));
            }
        }
        return 0;
    }

    private List<LabelledImage> images(ImageClassifier classifier) throws Exception {
        if (splitFile != null) {
            return SplitFile.read(splitFile, data, classifier.preprocessor().decoder()).test();
        }
        // Evaluation keeps every decodable image: a tiny image is still an input users may send.
        CleanReport report = new DatasetCleaner(new CleanOptions(ImageLimits.DEFAULT, 1, Optional.empty())).clean(data);
        System.out.print(report.summary());
        return report.kept();
    }
}
