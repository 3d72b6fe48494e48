package moodstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import moodstream.core.card.ModelCard;
import moodstream.core.image.PreprocessingSpec;
import org.junit.jupiter.api.Test;

class ScoreDecoderTest {
    private static ModelCard card(List<String> labels, ModelCard.OutputKind kind, double threshold) {
        return new ModelCard("m", "v", labels, PreprocessingSpec.of(8, 8, 3), "image", "scores", kind, threshold,
                "test", null, null, null, "0");
    }

    @Test
    void sigmoidScoresTheSecondLabelAgainstTheThreshold() {
        ScoreDecoder decoder = new ScoreDecoder(card(List.of("happy", "sad"), ModelCard.OutputKind.SIGMOID, 0.7));
        Classification sadish = decoder.decode(new float[] {0.65f});
        assertThat(sadish.label()).isEqualTo("happy");
        assertThat(sadish.score()).isCloseTo(0.35, within(1e-6));
        assertThat(sadish.scores()).containsOnlyKeys("happy", "sad");
        Classification sad = decoder.decode(new float[] {0.9f});
        assertThat(sad.label()).isEqualTo("sad");
        assertThat(sad.scores().get("sad")).isCloseTo(0.9, within(1e-6));
    }

    @Test
    void softmaxPicksTheLargest() {
        ScoreDecoder decoder = new ScoreDecoder(card(List.of("a", "b", "c"), ModelCard.OutputKind.SOFTMAX, 0.5));
        Classification c = decoder.decode(new float[] {0.2f, 0.1f, 0.7f});
        assertThat(c.label()).isEqualTo("c");
        assertThat(c.scores().keySet()).containsExactly("a", "b", "c");
    }

    @Test
    void anAverageOfTwoNetworksIsDecidedByThisOnesRule() {
        // A face network with a sigmoid at threshold 0.7 and a whole-image network with a softmax.
        ScoreDecoder face = new ScoreDecoder(card(List.of("happy", "sad"), ModelCard.OutputKind.SIGMOID, 0.7));
        ScoreDecoder whole = new ScoreDecoder(card(List.of("happy", "sad"), ModelCard.OutputKind.SOFTMAX, 0.5));
        Classification mixed = face.decodeAverage(new float[] {0.9f}, whole, new float[] {0.6f, 0.4f});
        assertThat(mixed.scores().get("sad")).isCloseTo(0.65, within(1e-6));
        assertThat(mixed.scores().get("happy")).isCloseTo(0.35, within(1e-6));
        assertThat(mixed.label()).as("0.65 is under this decoder's threshold").isEqualTo("happy");
        assertThat(face.decodeAverage(new float[] {0.9f}, whole, new float[] {0.4f, 0.6f}).label()).isEqualTo("sad");
    }
}
