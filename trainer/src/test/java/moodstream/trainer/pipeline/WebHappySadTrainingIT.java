package moodstream.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import moodstream.core.image.ImageLimits;
import moodstream.core.inference.Classification;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.inference.InferenceOptions;
import moodstream.core.inference.OnnxModel;
import moodstream.core.testing.SharedDatasets;
import moodstream.trainer.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on the tutorial's real, messy photos, briefly and at 32x32: it must
 * clean, train, export with parity, evaluate, and `predict` must agree with the served path.
 */
class WebHappySadTrainingIT {
    @Test
    void trainsExportsAndPredictsOnRealPhotos(@TempDir Path dir) throws Exception {
        Path data = SharedDatasets.require("web-happy-sad");
        Path out = dir.resolve("models");

        CliRun train = CliRun.of("train", "--data", data.toString(), "--out", out.toString(), "--size", "32", "--epochs", "3",
                "--seed", "7");
        String log = train.out();
        System.out.println(log);
        assertThat(train.code()).as("exit code; stderr: %s", train.err()).isZero();
        assertThat(log).contains("[12/12] save").contains("max |DL4J - ONNX Runtime|");

        for (String file : List.of("model.onnx", "model.zip", "model-card.json", "metrics.csv", "metrics.json", "loss.png",
                "accuracy.png", "preview.png", "misclassified.png", "evaluation.json", "split.csv", "clean-report.json")) {
            assertThat(out.resolve(file)).as(file).isNotEmptyFile();
        }
        assertThat(Files.readAllLines(out.resolve("metrics.csv"))).hasSize(1 + 3);

        JsonNode evaluation = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
        int tested = evaluation.at("/metrics/count").asInt();
        assertThat(tested).isBetween(25, 35); // 10% of ~300 images
        assertThat(evaluation.at("/metrics/accuracy").asDouble()).isBetween(0.0, 1.0);

        // predict (the CLI) and the classifier used directly must give the same labels for the same files.
        List<Path> samples = new ArrayList<>();
        try (var files = Files.list(data.resolve("happy"))) {
            files.sorted().limit(3).forEach(samples::add);
        }
        try (var files = Files.list(data.resolve("sad"))) {
            files.sorted().limit(3).forEach(samples::add);
        }
        List<String> args = new ArrayList<>(List.of("predict", "--model", out.resolve("model.onnx").toString(), "--provider", "cpu"));
        samples.forEach(p -> args.add(p.toString()));
        CliRun predict = CliRun.of(args.toArray(String[]::new));
        List<String> lines = predict.out().lines().toList();
        try (ImageClassifier classifier = new ImageClassifier(
                OnnxModel.load(out.resolve("model.onnx"), InferenceOptions.CPU), ImageLimits.DEFAULT)) {
            assertThat(classifier.card().testMetrics()).containsKey("accuracy");
            assertThat(classifier.card().labels()).containsExactly("happy", "sad");
            int checked = 0;
            for (Path sample : samples) {
                String line = lines.stream().filter(l -> l.startsWith(sample + "\t")).findFirst().orElse(null);
                try {
                    Classification c = classifier.classify(Files.readAllBytes(sample));
                    assertThat(line).as("predict output for %s", sample).isNotNull();
                    assertThat(line.split("\t")[1]).isEqualTo(c.label());
                    checked++;
                } catch (moodstream.core.image.InvalidImageException e) {
                    assertThat(line).as("a file the classifier refuses is not printed as labelled").isNull();
                }
            }
            assertThat(checked).isGreaterThanOrEqualTo(4);
        }
    }
}
