package moodstream.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    private static double[][] binaryScores(double... positive) {
        double[][] s = new double[positive.length][];
        for (int i = 0; i < positive.length; i++) {
            s[i] = new double[] {1 - positive[i], positive[i]};
        }
        return s;
    }

    @Test
    void binaryMetricsMatchAHandCountedExample() {
        // truth:     h h h h s s s s s s ; predicted: h h h s s s s s h h
        int[] truth = {0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
        int[] predicted = {0, 0, 0, 1, 1, 1, 1, 1, 0, 0};
        double[][] scores = binaryScores(0.1, 0.2, 0.3, 0.6, 0.7, 0.8, 0.9, 0.95, 0.4, 0.45);
        ClassificationMetrics m = ClassificationMetrics.compute(List.of("happy", "sad"), truth, predicted, scores);
        assertThat(m.confusion()).isDeepEqualTo(new int[][] {{3, 1}, {2, 4}});
        assertThat(m.accuracy()).isCloseTo(0.7, within(1e-12));
        // happy recall 3/4, sad recall 4/6: (0.75 + 0.6667) / 2, below accuracy because sad dominates and is recalled worse.
        assertThat(m.balancedAccuracy()).isCloseTo((0.75 + 4.0 / 6) / 2, within(1e-12));
        assertThat(m.headline()).containsEntry("balanced_accuracy", m.balancedAccuracy());
        assertThat(m.positiveLabel()).isEqualTo("sad");
        assertThat(m.precision()).isCloseTo(4.0 / 5, within(1e-12));
        assertThat(m.recall()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(m.f1()).isCloseTo(2 * 0.8 * (4.0 / 6) / (0.8 + 4.0 / 6), within(1e-12));
        assertThat(m.perClass().get("happy").recall()).isCloseTo(0.75, within(1e-12));
        assertThat(m.perClass().get("happy").support()).isEqualTo(4);
        // 24 positive-negative pairs; the negative at 0.6 outranks the positives at 0.4 and 0.45: 22/24.
        assertThat(m.rocAuc()).isCloseTo(22.0 / 24, within(1e-12));
        assertThat(m.describe()).contains("accuracy 0.7000").contains("balanced accuracy 0.7083").contains("happy").contains("confusion matrix");
    }

    @Test
    void aucIsOneZeroOrHalfAtTheExtremesAndTiesShareRanks() {
        int[] truth = {0, 0, 1, 1};
        assertThat(ClassificationMetrics.auc(truth, binaryScores(0.1, 0.2, 0.8, 0.9), 1)).isEqualTo(1.0);
        assertThat(ClassificationMetrics.auc(truth, binaryScores(0.9, 0.8, 0.2, 0.1), 1)).isEqualTo(0.0);
        assertThat(ClassificationMetrics.auc(truth, binaryScores(0.5, 0.5, 0.5, 0.5), 1)).isEqualTo(0.5);
        assertThat(ClassificationMetrics.auc(truth, binaryScores(0.1, 0.4, 0.35, 0.8), 1)).isEqualTo(0.75);
        assertThat(ClassificationMetrics.auc(new int[] {1, 1}, binaryScores(0.1, 0.2), 1)).isNaN();
    }

    @Test
    void moreThanTwoLabelsUseMacroAverages() {
        int[] truth = {0, 1, 2, 2};
        int[] predicted = {0, 1, 2, 1};
        double[][] scores = {{0.8, 0.1, 0.1}, {0.1, 0.8, 0.1}, {0.1, 0.1, 0.8}, {0.1, 0.5, 0.4}};
        ClassificationMetrics m = ClassificationMetrics.compute(List.of("a", "b", "c"), truth, predicted, scores);
        assertThat(m.positiveLabel()).isEqualTo("macro");
        assertThat(m.recall()).isCloseTo((1 + 1 + 0.5) / 3, within(1e-12));
        assertThat(m.precision()).isCloseTo((1 + 0.5 + 1) / 3, within(1e-12));
    }
}
