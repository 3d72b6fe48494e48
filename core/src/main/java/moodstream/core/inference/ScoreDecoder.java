package moodstream.core.inference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import moodstream.core.card.ModelCard;

/** Postprocessing: one row of network output to a {@link Classification}, as the card says. */
public final class ScoreDecoder {
    private final List<String> labels;
    private final ModelCard.OutputKind kind;
    private final double threshold;

    public ScoreDecoder(ModelCard card) {
        this.labels = card.labels();
        this.kind = card.output();
        this.threshold = card.threshold();
    }

    public Classification decode(float[] row) {
        double[] probabilities = new double[labels.size()];
        if (kind == ModelCard.OutputKind.SIGMOID) {
            probabilities[1] = row[0];
            probabilities[0] = 1.0 - row[0];
        } else {
            for (int i = 0; i < probabilities.length; i++) {
                probabilities[i] = row[i];
            }
        }
        int chosen;
        if (labels.size() == 2) {
            chosen = probabilities[1] >= threshold ? 1 : 0;
        } else {
            chosen = 0;
            for (int i = 1; i < probabilities.length; i++) {
                if (probabilities[i] > probabilities[chosen]) {
                    chosen = i;
                }
            }
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < probabilities.length; i++) {
            scores.put(labels.get(i), probabilities[i]);
        }
        return new Classification(labels.get(chosen), probabilities[chosen], scores);
    }
}
