package moodstream.trainer.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Test-split metrics. For two labels the headline precision, recall and F1 are those of the
 * positive label, the second one (the class a sigmoid output scores, "sad" for happy/sad,
 * as in the tutorial); with more labels they are macro averages. ROC AUC is the positive
 * label's for two labels, the macro one-vs-rest AUC otherwise.
 *
 * @param balancedAccuracy the mean of the per-label recalls: what accuracy would be with every
 *                         label equally frequent, so an imbalanced test set cannot flatter it
 * @param confusion rows are true labels, columns predicted labels, in label order
 */
public record ClassificationMetrics(
        List<String> labels,
        int count,
        double accuracy,
        double balancedAccuracy,
        double precision,
        double recall,
        double f1,
        double rocAuc,
        String positiveLabel,
        Map<String, PerClass> perClass,
        int[][] confusion) {

    /** One label's precision, recall, F1 and how many test images carry it. */
    public record PerClass(double precision, double recall, double f1, int support) {
    }

    /**
     * @param truth     true label indices
     * @param predicted predicted label indices
     * @param scores    per image, the probability of each label
     */
    public static ClassificationMetrics compute(List<String> labels, int[] truth, int[] predicted, double[][] scores) {
        int k = labels.size();
        int[][] confusion = new int[k][k];
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][predicted[i]]++;
        }
        Map<String, PerClass> perClass = new LinkedHashMap<>();
        double[] aucs = new double[k];
        for (int c = 0; c < k; c++) {
            int tp = confusion[c][c];
            int predictedC = 0;
            int actualC = 0;
            for (int o = 0; o < k; o++) {
                predictedC += confusion[o][c];
                actualC += confusion[c][o];
            }
            double precision = predictedC == 0 ? 0 : (double) tp / predictedC;
            double recall = actualC == 0 ? 0 : (double) tp / actualC;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.put(labels.get(c), new PerClass(precision, recall, f1, actualC));
            aucs[c] = auc(truth, scores, c);
        }
        int right = 0;
        for (int c = 0; c < k; c++) {
            right += confusion[c][c];
        }
        double accuracy = truth.length == 0 ? Double.NaN : (double) right / truth.length;
        // Labels without test images have no recall; they are left out rather than counted as 0.
        double balanced = perClass.values().stream().filter(pc -> pc.support() > 0).mapToDouble(PerClass::recall).average()
                .orElse(Double.NaN);
        if (k == 2) {
            PerClass positive = perClass.get(labels.get(1));
            return new ClassificationMetrics(List.copyOf(labels), truth.length, accuracy, balanced, positive.precision(), positive.recall(),
                    positive.f1(), aucs[1], labels.get(1), perClass, confusion);
        }
        double p = perClass.values().stream().mapToDouble(PerClass::precision).average().orElse(Double.NaN);
        double r = perClass.values().stream().mapToDouble(PerClass::recall).average().orElse(Double.NaN);
        double f = perClass.values().stream().mapToDouble(PerClass::f1).average().orElse(Double.NaN);
        double auc = Arrays.stream(aucs).filter(a -> !Double.isNaN(a)).average().orElse(Double.NaN);
        return new ClassificationMetrics(List.copyOf(labels), truth.length, accuracy, balanced, p, r, f, auc, "macro", perClass, confusion);
    }

    /** The headline numbers, as stored in the model card. */
    public Map<String, Double> headline() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy);
        m.put("balanced_accuracy", balancedAccuracy);
        m.put("precision", precision);
        m.put("recall", recall);
        m.put("f1", f1);
        m.put("roc_auc", rocAuc);
        m.put("test_images", (double) count);
        return m;
    }

    /** A readable table: headline, per label, confusion matrix. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "test images %d  accuracy %.4f  balanced accuracy %.4f  precision %.4f  recall %.4f"
                + "  F1 %.4f  ROC AUC %.4f  (positive: %s)%n", count, accuracy, balancedAccuracy, precision, recall, f1, rocAuc,
                positiveLabel));
        int width = Math.max(8, labels.stream().mapToInt(String::length).max().orElse(8) + 2);
        sb.append(String.format(Locale.ROOT, "%-" + width + "s %9s %9s %9s %8s%n", "label", "precision", "recall", "F1", "support"));
        perClass.forEach((label, pc) -> sb.append(String.format(Locale.ROOT, "%-" + width + "s %9.4f %9.4f %9.4f %8d%n",
                label, pc.precision(), pc.recall(), pc.f1(), pc.support())));
        sb.append("confusion matrix (rows: true, columns: predicted)\n");
        sb.append(String.format(Locale.ROOT, "%-" + width + "s", ""));
        labels.forEach(l -> sb.append(String.format(Locale.ROOT, " %" + width + "s", l)));
        sb.append('\n');
        for (int r = 0; r < labels.size(); r++) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s", labels.get(r)));
            for (int c = 0; c < labels.size(); c++) {
                sb.append(String.format(Locale.ROOT, " %" + width + "d", confusion[r][c]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * One-vs-rest ROC AUC of class {@code c} as the Mann-Whitney statistic, with tied
     * scores sharing their average rank; NaN when the class or its complement is absent.
     */
    static double auc(int[] truth, double[][] scores, int c) {
        int n = truth.length;
        List<double[]> ranked = new ArrayList<>(n); // {score, isPositive}
        for (int i = 0; i < n; i++) {
            ranked.add(new double[] {scores[i][c], truth[i] == c ? 1 : 0});
        }
        ranked.sort((a, b) -> Double.compare(a[0], b[0]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && ranked.get(j + 1)[0] == ranked.get(i)[0]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                if (ranked.get(t)[1] == 1) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
