package moodstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import moodstream.core.card.ModelCard;
import moodstream.core.inference.ScoreDecoder;
import org.junit.jupiter.api.Test;

class PredictionsTest {
    @Test
    void sigmoidLossIsBinaryCrossEntropy() {
        float[][] out = {{0.9f}, {0.2f}};
        int[] targets = {1, 0};
        double expected = -(Math.log(0.9) + Math.log(0.8)) / 2;
        assertThat(Predictions.loss(out, targets, ModelCard.OutputKind.SIGMOID)).isCloseTo(expected, within(1e-6));
        assertThat(Predictions.classes(out, new ScoreDecoder(List.of("happy", "sad"), ModelCard.OutputKind.SIGMOID, 0.5))).containsExactly(1, 0);
    }

    @Test
    void softmaxLossIsCategoricalCrossEntropyAndClippedAtZero() {
        float[][] out = {{0.7f, 0.2f, 0.1f}, {0f, 1f, 0f}};
        int[] targets = {0, 0};
        double loss = Predictions.loss(out, targets, ModelCard.OutputKind.SOFTMAX);
        assertThat(loss).isFinite().isCloseTo((-Math.log(0.7) - Math.log(1e-7)) / 2, within(1e-5));
        assertThat(Predictions.classes(out, new ScoreDecoder(List.of("a", "b", "c"), ModelCard.OutputKind.SOFTMAX, 0.5))).containsExactly(0, 1);
        assertThat(Predictions.accuracy(new int[] {0, 1}, targets)).isEqualTo(0.5);
    }
}
