package moodstream.core.inference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import moodstream.core.card.ModelCard;

/**
 * Postprocessing: one row of network output to a {@link Classification}, as the card says. The
 * decision rule lives here only; the trainer's epoch metrics use it too, so the accuracy a run
 * reports is the one its served model has.
 */
public final class ScoreDecoder {
    private final List<String> labels;
    private final ModelCard.OutputKind kind;
    private final double threshold;

    public ScoreDecoder(ModelCard card) {
        this(card.labels(), card.output(), card.threshold());
    }

    /** For a network not yet exported with its card (training), with the threshold its card will have. */
    public ScoreDecoder(List<String> labels, ModelCard.OutputKind kind, double threshold) {
        this.labels = List.copyOf(labels);
        this.kind = kind;
        this.threshold = threshold;
    }

    public Classification decode(float[] row) {
        return decode(probabilities(row));
    }

    /**
     * The two rows' probabilities averaged, then decided as one: a face crop and its whole photo
     * through two networks with the same labels ({@code other} decodes the second row).
     */
    public Classification decodeAverage(float[] row, ScoreDecoder other, float[] otherRow) {
        double[] mine = probabilities(row);
        double[] theirs = other.probabilities(otherRow);
        for (int i = 0; i < mine.length; i++) {
            mine[i] = (mine[i] + theirs[i]) / 2;
        }
        return decode(mine);
    }

    private Classification decode(double[] probabilities) {
        int chosen = choose(probabilities);
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < probabilities.length; i++) {
            scores.put(labels.get(i), probabilities[i]);
        }
        return new Classification(labels.get(chosen), probabilities[chosen], scores);
    }

    /** The index of the label chosen for one output row. */
    public int chosenIndex(float[] row) {
        return choose(probabilities(row));
    }

    private double[] probabilities(float[] row) {
        double[] probabilities = new double[labels.size()];
        if (kind == ModelCard.OutputKind.SIGMOID) {
            probabilities[1] = row[0];
            probabilities[0] = 1.0 - row[0];
        } else {
            for (int i = 0; i < probabilities.length; i++) {
                probabilities[i] = row[i];
            }
        }
        return probabilities;
    }

    /** Two labels: the second from the threshold on; more: the most probable. */
    private int choose(double[] probabilities) {
        if (labels.size() == 2) {
            return probabilities[1] >= threshold ? 1 : 0;
        }
        int chosen = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[chosen]) {
                chosen = i;
            }
        }
        return chosen;
    }
}
