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

    @Test
    void erasingFillsOneRectangleWithNoiseAndOnlyWhenAsked() {
        PreprocessingSpec spec = PreprocessingSpec.of(16, 16, 1);
        float[] flat = new float[256];
        java.util.Arrays.fill(flat, 0.5f);
        Random random = new Random(11);
        Augmenter always = new Augmenter(spec, 0.0, 1.0);
        for (int i = 0; i < 30; i++) {
            float[] out = always.apply(flat, random);
            int minX = 16, minY = 16, maxX = -1, maxY = -1, changed = 0;
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    float v = out[y * 16 + x];
                    assertThat(v).isBetween(0f, 1f);
                    if (v != 0.5f) {
                        changed++;
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                    }
                }
            }
            int box = (maxX - minX + 1) * (maxY - minY + 1);
            assertThat(changed).isPositive();
            assertThat(box).isBetween((int) (0.02 * 256) - 2, (int) (0.25 * 256) + 16);
            assertThat(changed).isGreaterThan(box * 9 / 10); // one filled rectangle, not scattered pixels
        }
        assertThat(flat).containsOnly(0.5f);

        Augmenter never = new Augmenter(spec, 0.0, 0.0);
        for (int i = 0; i < 30; i++) {
            assertThat(never.apply(flat, random)).containsOnly(0.5f);
        }
    }
}
