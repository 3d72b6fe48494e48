package moodstream.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import moodstream.trainer.CliRun;
import moodstream.trainer.TrainerCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    private static final List<String> LABELS = List.of("happy", "sad");

    @TempDir
    Path dir;
    String out;
    String err;

    private int run(String... args) {
        CliRun run = CliRun.of(args);
        out = run.out();
        err = run.err();
        return run.code();
    }

    private static List<Evaluation.Mistake> wrong(String label, int from, int to) {
        String other = label.equals("happy") ? "sad" : "happy";
        return IntStream.range(from, to).mapToObj(i -> new Evaluation.Mistake(label + "/" + i + ".jpg", label, other, 0.7)).toList();
    }

    /** An evaluation.json as evaluate writes it, of {@code happy} and {@code sad} images with these mistakes. */
    private Path evaluation(String name, int happy, int sad, List<Evaluation.Mistake> mistakes) throws IOException {
        int[] truth = new int[happy + sad];
        int[] predicted = new int[happy + sad];
        double[][] scores = new double[happy + sad][];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = i < happy ? 0 : 1;
            predicted[i] = truth[i];
            scores[i] = new double[] {1 - truth[i], truth[i]};
        }
        // The metrics are not what compare reads beyond labels and support; they only need to be well formed.
        Evaluation evaluation = new Evaluation(ClassificationMetrics.compute(LABELS, truth, predicted, scores), mistakes, "none", 64, 0.1,
                Map.of());
        Path file = Files.createDirectories(dir.resolve(name)).resolve("evaluation.json");
        evaluation.writeJson(file);
        return file;
    }

    @Test
    void countsFixedAndNewMistakesPerLabelAndTestsThemWithMcNemar() throws IOException {
        // baseline wrong on happy 0-29 and sad 0-19; candidate wrong on happy 10-34 and sad 15-19:
        // fixed happy 0-9 (10) and sad 0-14 (15); new happy 30-34 (5); both wrong 20 + 5.
        List<Evaluation.Mistake> a = new ArrayList<>(wrong("happy", 0, 30));
        a.addAll(wrong("sad", 0, 20));
        List<Evaluation.Mistake> b = new ArrayList<>(wrong("happy", 10, 35));
        b.addAll(wrong("sad", 15, 20));
        Path baseline = evaluation("a", 100, 80, a);
        Path candidate = evaluation("b", 100, 80, b);

        assertThat(run("compare", baseline.toString(), candidate.toString())).as(err).isZero();
        assertThat(out).contains("accuracy 0.7222 (50 wrong of 180)").contains("accuracy 0.8333 (30 wrong of 180)")
                .contains("fixed 25 of the baseline's mistakes and made 5 new ones; both wrong on 25")
                .containsPattern("true happy +fixed +10 +new +5").containsPattern("true sad +fixed +15 +new +0")
                // (|25 - 5| - 1)^2 / 30 = 12.03; exact: 2 * P(X <= 5), X ~ Binomial(30, 1/2) = 3.249e-4
                .contains("chi-square 12.03").contains("exact binomial p = 0.000325");

        PairedComparison swapped = PairedComparison.of(180, LABELS, b, a);
        assertThat(swapped.fixedTotal()).isEqualTo(5);
        assertThat(swapped.brokenTotal()).isEqualTo(25);
        assertThat(swapped.exactP()).isCloseTo(3.249e-4, within(1e-6));
    }

    @Test
    void reproducesTheMcNemarFiguresTheTrainingDocsQuote() {
        // docs/training.md, recipe step 7: 78 fixed and 49 new, chi-square 6.2, p = 0.013.
        PairedComparison step7 = PairedComparison.of(3008, LABELS, wrong("happy", 0, 78), wrong("sad", 0, 49));
        assertThat(step7.chiSquare()).isCloseTo(6.17, within(0.01));
        assertThat(step7.chiSquareP()).isCloseTo(0.013, within(0.0005));
    }

    @Test
    void modelsThatNeverDisagreeAreNotDifferent() {
        PairedComparison same = PairedComparison.of(10, LABELS, wrong("sad", 0, 3), wrong("sad", 0, 3));
        assertThat(same.chiSquare()).isZero();
        assertThat(same.exactP()).isEqualTo(1.0);
        assertThat(same.chiSquareP()).isEqualTo(1.0);
        assertThat(same.bothWrong()).isEqualTo(3);
    }

    @Test
    void refusesEvaluationsOfDifferentImagesAndFilesThatAreNoEvaluation() throws IOException {
        Path baseline = evaluation("a", 100, 80, wrong("happy", 0, 3));
        Path otherSet = evaluation("b", 100, 81, wrong("happy", 0, 3));
        assertThat(run("compare", baseline.toString(), otherSet.toString())).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(err).contains("scored different images").contains(otherSet.toString()).contains("same folder");
        assertThat(out).isEmpty();

        Path relabelled = evaluation("c", 100, 80, wrong("sad", 0, 1).stream()
                .map(m -> new Evaluation.Mistake("happy/0.jpg", "sad", "happy", 0.6)).toList());
        assertThat(run("compare", baseline.toString(), relabelled.toString())).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(err).contains("happy/0.jpg is labelled happy").contains("different folders");

        Path notJson = Files.writeString(dir.resolve("notes.txt"), "accuracy 0.9");
        assertThat(run("compare", baseline.toString(), notJson.toString())).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(err).contains(notJson.toString()).contains("is not JSON");

        Path otherJson = Files.writeString(dir.resolve("card.json"), "{\"labels\": [\"happy\", \"sad\"]}");
        assertThat(run("compare", otherJson.toString(), baseline.toString())).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(err).contains(otherJson.toString()).contains("is not an evaluation.json");

        assertThat(run("compare", baseline.toString(), dir.resolve("missing.json").toString())).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(err).contains("missing.json");
    }
}
