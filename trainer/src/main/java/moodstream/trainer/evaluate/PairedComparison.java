package moodstream.trainer.evaluate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Two models scored on the same images, compared image by image: which of the baseline's mistakes
 * the candidate fixed, which new ones it made, and McNemar's test of whether the difference is
 * more than chance. Two accuracies on one test set are paired, not independent samples, so only
 * the images on which the models disagree carry evidence.
 *
 * @param count    images both evaluations scored
 * @param labels   the labels, in the models' order
 * @param fixed    per label, images the baseline got wrong and the candidate right
 * @param broken   per label, images the baseline got right and the candidate wrong
 * @param bothWrong images both got wrong
 */
public record PairedComparison(int count, List<String> labels, Map<String, Integer> fixed, Map<String, Integer> broken,
                               int bothWrong, int baselineWrong, int candidateWrong) {

    /**
     * @param count     images each evaluation scored (the same images)
     * @param baseline  the baseline's mistakes
     * @param candidate the candidate's mistakes
     */
    public static PairedComparison of(int count, List<String> labels, List<Evaluation.Mistake> baseline,
                                      List<Evaluation.Mistake> candidate) {
        Set<String> baselineWrong = baseline.stream().map(Evaluation.Mistake::image).collect(Collectors.toSet());
        Set<String> candidateWrong = candidate.stream().map(Evaluation.Mistake::image).collect(Collectors.toSet());
        Map<String, Integer> fixed = zeroPerLabel(labels);
        Map<String, Integer> broken = zeroPerLabel(labels);
        int both = 0;
        for (Evaluation.Mistake m : baseline) {
            if (candidateWrong.contains(m.image())) {
                both++;
            } else {
                fixed.merge(m.label(), 1, Integer::sum);
            }
        }
        for (Evaluation.Mistake m : candidate) {
            if (!baselineWrong.contains(m.image())) {
                broken.merge(m.label(), 1, Integer::sum);
            }
        }
        return new PairedComparison(count, List.copyOf(labels), Map.copyOf(fixed), Map.copyOf(broken), both,
                baselineWrong.size(), candidateWrong.size());
    }

    private static Map<String, Integer> zeroPerLabel(List<String> labels) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        labels.forEach(label -> counts.put(label, 0));
        return counts;
    }

    public int fixedTotal() {
        return fixed.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int brokenTotal() {
        return broken.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** McNemar's chi-square with the continuity correction, (|b - c| - 1)^2 / (b + c); 0 when the models never disagree. */
    public double chiSquare() {
        int b = fixedTotal();
        int c = brokenTotal();
        if (b + c == 0) {
            return 0;
        }
        double d = Math.max(0, Math.abs(b - c) - 1);
        return d * d / (b + c);
    }

    /** The two-sided p-value of {@link #chiSquare()} (one degree of freedom). */
    public double chiSquareP() {
        return fixedTotal() + brokenTotal() == 0 ? 1 : 1 - new ChiSquaredDistribution(1).cumulativeProbability(chiSquare());
    }

    /**
     * The exact two-sided p-value: under the null hypothesis each disagreement is a fair coin
     * between "fixed" and "broken". Preferred over the chi-square when there are few disagreements.
     */
    public double exactP() {
        int b = fixedTotal();
        int c = brokenTotal();
        if (b + c == 0) {
            return 1;
        }
        return Math.min(1, 2 * new BinomialDistribution(null, b + c, 0.5).cumulativeProbability(Math.min(b, c)));
    }

    /** The report {@code compare} prints. */
    public String describe(String baselineName, String candidateName) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "baseline  %s: accuracy %.4f (%d wrong of %d)%n", baselineName,
                accuracy(baselineWrong), baselineWrong, count));
        text.append(String.format(Locale.ROOT, "candidate %s: accuracy %.4f (%d wrong of %d)%n", candidateName,
                accuracy(candidateWrong), candidateWrong, count));
        text.append(String.format(Locale.ROOT, "image by image: the candidate fixed %d of the baseline's mistakes and made %d new ones;"
                + " both wrong on %d%n", fixedTotal(), brokenTotal(), bothWrong));
        for (String label : labels) {
            text.append(String.format(Locale.ROOT, "  true %-12s fixed %5d  new %5d%n", label, fixed.get(label), broken.get(label)));
        }
        text.append(String.format(Locale.ROOT, "McNemar: chi-square %.2f (continuity-corrected), p = %.3g; exact binomial p = %.3g%n",
                chiSquare(), chiSquareP(), exactP()));
        return text.toString();
    }

    private double accuracy(int wrong) {
        return count == 0 ? Double.NaN : 1 - (double) wrong / count;
    }
}
