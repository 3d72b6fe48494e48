package moodstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import moodstream.core.image.PreprocessingSpec;
import org.junit.jupiter.api.Test;

class AugmenterTest {
    @Test
    void flipsAndShiftsButNeverChangesTheInputArrayOrItsValues() {
        PreprocessingSpec spec = PreprocessingSpec.of(8, 8, 1);
        float[] ramp = new float[64];
        for (int i = 0; i < 64; i++) {
            ramp[i] = (i % 8) / 7f; // brightness grows left to right
        }
        float[] original = ramp.clone();
        Augmenter augmenter = new Augmenter(spec, 0.0);
        Random random = new Random(3);
        boolean sawFlip = false;
        for (int i = 0; i < 20; i++) {
            float[] out = augmenter.apply(ramp, random);
            if (out[0] == 1f) {
                sawFlip = true;
                assertThat(out[7]).isEqualTo(0f);
            } else {
                assertThat(out).containsExactly(ramp);
            }
        }
        assertThat(sawFlip).isTrue();
        assertThat(ramp).containsExactly(original);

        Augmenter shifting = new Augmenter(spec, 0.25);
        Set<String> variants = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            float[] out = shifting.apply(ramp, random);
            for (float v : out) {
                assertThat(v).isBetween(0f, 1f);
            }
            variants.add(Arrays.toString(out));
        }
        assertThat(variants.size()).isGreaterThan(3);
    }
}
