package moodstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import moodstream.core.card.TestTimeAugmentation;
import moodstream.core.image.PreprocessingSpec;
import org.junit.jupiter.api.Test;

/** The mirror on its own; averaging through a real network is tested in the trainer, which can export one. */
class TestTimeAveragingTest {
    @Test
    void mirrorsEachRowOfEachPlaneOfAnAsymmetricTensor() {
        // 3 planes of 8 rows of 9 (odd: the middle column stays): every value different, so any wrong index shows.
        PreprocessingSpec spec = PreprocessingSpec.of(9, 8, 3);
        float[] chw = new float[spec.tensorSize()];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = i;
        }
        float[] mirrored = TestTimeAveraging.mirror(chw, spec);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 9; x++) {
                    assertThat(mirrored[c * 72 + y * 9 + x]).as("c %d y %d x %d", c, y, x).isEqualTo(chw[c * 72 + y * 9 + 8 - x]);
                }
            }
        }
        // Spelled out for the first row and a row of the last plane, independent of the index arithmetic above.
        assertThat(Arrays.copyOfRange(mirrored, 0, 9)).containsExactly(8, 7, 6, 5, 4, 3, 2, 1, 0);
        assertThat(Arrays.copyOfRange(mirrored, 153, 162)).containsExactly(161, 160, 159, 158, 157, 156, 155, 154, 153);
        assertThat(TestTimeAveraging.mirror(mirrored, spec)).containsExactly(chw);
        assertThat(chw[0]).as("the input is left alone").isZero();
    }

    @Test
    void refusesATensorOfTheWrongSize() {
        assertThatThrownBy(() -> TestTimeAveraging.mirror(new float[10], PreprocessingSpec.of(8, 8, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10 floats");
    }

    @Test
    void parsesTheCommandLineSpelling() {
        assertThat(TestTimeAugmentation.parse("HFlip")).isEqualTo(TestTimeAugmentation.HFLIP);
        assertThat(TestTimeAugmentation.parse("none")).isEqualTo(TestTimeAugmentation.NONE);
        assertThatThrownBy(() -> TestTimeAugmentation.parse("vflip")).hasMessageContaining("none, hflip");
    }
}
