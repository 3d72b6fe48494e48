package moodstream.trainer.train;

import moodstream.core.card.ModelCard;
import moodstream.core.inference.ScoreDecoder;

/**
 * Loss and accuracy from a network's probabilities, the same way for DL4J outputs during
 * training and ONNX outputs at evaluation. Rows are per image: one sigmoid value or one
 * probability per class.
 */
public final class Predictions {
    private static final double EPSILON = 1e-7;

    private Predictions() {
    }

    /** Mean cross-entropy. */
    public static double loss(float[][] outputs, int[] targets, ModelCard.OutputKind kind) {
        double sum = 0;
        for (int i = 0; i < targets.length; i++) {
            double p = kind == ModelCard.OutputKind.SIGMOID
                    ? (targets[i] == 1 ? outputs[i][0] : 1.0 - outputs[i][0])
                    : outputs[i][targets[i]];
            sum -= Math.log(Math.min(1.0 - EPSILON, Math.max(EPSILON, p)));
        }
        return targets.length == 0 ? Double.NaN : sum / targets.length;
    }

    /** The predicted class of each row, by the served model's decision rule. */
    public static int[] classes(float[][] outputs, ScoreDecoder decoder) {
        int[] predicted = new int[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            predicted[i] = decoder.chosenIndex(outputs[i]);
        }
        return predicted;
    }

    public static double accuracy(int[] predicted, int[] targets) {
        int right = 0;
        for (int i = 0; i < targets.length; i++) {
            if (predicted[i] == targets[i]) {
                right++;
            }
        }
        return targets.length == 0 ? Double.NaN : (double) right / targets.length;
    }
}
