package moodstream.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import moodstream.core.testing.TestImages;
import moodstream.trainer.CliRun;
import moodstream.trainer.TrainerCli;
import moodstream.trainer.train.EpochMetrics;
import moodstream.trainer.train.TrainingHistory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --refit RUN}: the run's training and validation images train together, each epoch
 * at the rate it had in the run, up to the run's best epoch; and a refit that would replay a
 * schedule chosen on other images is refused.
 */
class RefitTest {
    @TempDir
    static Path dir;

    private static SmallDataset data;
    private static Path run;

    /**
     * One run to replay (light left half for one label, right half for the other), fixed by its
     * seed: its best epoch is the fourth, and the plateau of 1 cut the rate before it, so the
     * replayed rates are neither all one nor the architecture's decay.
     */
    @BeforeAll
    static void trainARunToReplay() throws IOException {
        data = SmallDataset.write(dir.resolve("data"), 30, (label, i) -> {
            Color light = new Color(180 + 2 * i, 190, 180);
            Color dark = new Color(40, 30 + 2 * i, 60);
            return label.equals("happy") ? TestImages.halves(24, 24, light, dark) : TestImages.halves(24, 24, dark, light);
        });
        run = dir.resolve("run");
        CliRun trained = CliRun.of(data.train(run, "--epochs", "8", "--patience", "0", "--lr-plateau-patience", "1",
                "--learning-rate", "0.01"));
        assertThat(trained.code()).as(trained.err()).isZero();
    }

    @Test
    void trainsOnTrainingAndValidationImagesWithTheRunsRatesUpToItsBestEpoch() throws IOException {
        Path refit = dir.resolve("refit");
        CliRun refitted = CliRun.of(data.train(refit, "--refit", run.toString()));
        assertThat(refitted.code()).as(refitted.err()).isZero();

        List<EpochMetrics> original = TrainingHistory.readJson(run.resolve("metrics.json"));
        int best = Refit.read(run).bestEpoch();
        double lowest = original.stream().mapToDouble(EpochMetrics::validationLoss).min().orElseThrow();
        assertThat(original.get(best - 1).validationLoss()).isEqualTo(lowest);
        assertThat(best).as("the rates of more than the first epoch are replayed").isGreaterThanOrEqualTo(2);
        assertThat(original.subList(0, best).stream().map(EpochMetrics::learningRate).distinct()).hasSizeGreaterThan(1);
        List<EpochMetrics> replayed = TrainingHistory.readJson(refit.resolve("metrics.json"));
        assertThat(replayed).hasSize(best);
        for (int i = 0; i < best; i++) {
            assertThat(replayed.get(i).learningRate()).isEqualTo(original.get(i).learningRate());
            assertThat(replayed.get(i).validationLoss()).isNaN();
        }
        assertThat(refitted.out()).contains("the last epoch, " + best + ", is the model");

        JsonNode runCounts = counts(run);
        JsonNode refitCounts = counts(refit);
        for (String label : List.of("happy", "sad")) {
            assertThat(refitCounts.path("train").path(label).asInt())
                    .isEqualTo(runCounts.path("train").path(label).asInt() + runCounts.path("validation").path(label).asInt());
            assertThat(refitCounts.path("test").path(label).asInt()).isEqualTo(runCounts.path("test").path(label).asInt());
        }
        List<String> rows = Files.readAllLines(refit.resolve("split.csv"));
        assertThat(rows).noneMatch(row -> row.startsWith("validation,"));
        assertThat(rows).hasSameSizeAs(Files.readAllLines(run.resolve("split.csv")));
        assertThat(refit.resolve("model.onnx")).isRegularFile();
        assertThat(refit.resolve("loss.png")).isRegularFile();
    }

    @Test
    void anotherSeedSplitsOtherwiseAndIsRefusedBeforeTraining() {
        Path out = dir.resolve("other-seed");
        CliRun refused = CliRun.of(data.train(out, "--refit", run.toString(), "--seed", "43"));
        assertThat(refused.code()).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(refused.err()).contains("split").contains(run.resolve("split.csv").toString()).contains("--seed");
        assertThat(out.resolve("model.onnx")).doesNotExist();
        assertThat(out.resolve("metrics.json")).doesNotExist();
    }

    @Test
    void epochsPatienceOrAPlateauCannotBeGivenWithARefit() {
        for (String[] extra : List.of(new String[] {"--epochs", "3"}, new String[] {"--patience", "2"},
                new String[] {"--lr-plateau-patience", "2"})) {
            CliRun refused = CliRun.of(data.train(dir.resolve("extra"), "--refit", run.toString(), extra[0], extra[1]));
            assertThat(refused.code()).as(extra[0]).isEqualTo(TrainerCli.USER_ERROR);
            assertThat(refused.err()).contains("drop --epochs, --patience and --lr-plateau-patience");
        }
    }

    @Test
    void aFolderThatIsNoRunOrItselfARefitIsRefused() throws IOException {
        CliRun empty = CliRun.of(data.train(dir.resolve("x"), "--refit", dir.resolve("nothing").toString()));
        assertThat(empty.code()).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(empty.err()).contains("metrics.json").contains("finished './moodstream train' run");

        Path noValidation = Files.createDirectories(dir.resolve("refit-like"));
        Files.copy(run.resolve("split.csv"), noValidation.resolve("split.csv"));
        TrainingHistory.writeJson(List.of(new EpochMetrics(1, 0.7, 0.7, 0.5, Double.NaN, Double.NaN, 1, 1e-3)),
                noValidation.resolve("metrics.json"));
        CliRun ofARefit = CliRun.of(data.train(dir.resolve("y"), "--refit", noValidation.toString()));
        assertThat(ofARefit.code()).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(ofARefit.err()).contains("no epoch with a validation loss");

        CliRun intoItself = CliRun.of(data.train(run, "--refit", run.toString()));
        assertThat(intoItself.code()).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(intoItself.err()).contains("is the --out folder");
    }

    private static JsonNode counts(Path out) throws IOException {
        return new ObjectMapper().readTree(out.resolve("model-card.json").toFile()).path("trainingData").path("splitCounts");
    }
}
