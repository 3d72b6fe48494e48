package moodstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorBatchTest {
    private static final PreprocessingSpec SPEC = PreprocessingSpec.of(8, 8, 3); // 3 x 8 x 8 = 192 floats

    @Test
    void stacksImagesInOrderAsNchw() {
        TensorBatch batch = TensorBatch.stack(List.of(filled(1), filled(2)), SPEC);
        assertThat(batch.shape()).containsExactly(2, 3, 8, 8);
        assertThat(batch.count()).isEqualTo(2);
        assertThat(Arrays.copyOfRange(batch.data(), 0, 192)).containsOnly(1f);
        assertThat(Arrays.copyOfRange(batch.data(), 192, 384)).containsOnly(2f);
        assertThat(batch.data()).hasSize(384);
    }

    @Test
    void anEmptyListIsAnEmptyBatch() {
        TensorBatch batch = TensorBatch.stack(List.of(), SPEC);
        assertThat(batch.data()).isEmpty();
        assertThat(batch.shape()).containsExactly(0, 3, 8, 8);
    }

    @Test
    void aTensorOfTheWrongSizeIsNamed() {
        assertThatThrownBy(() -> TensorBatch.stack(List.of(filled(0), new float[191]), SPEC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image 1").hasMessageContaining("191 floats").hasMessageContaining("takes 192 (3x8x8)");
    }

    private static float[] filled(float value) {
        float[] image = new float[192];
        Arrays.fill(image, value);
        return image;
    }
}
