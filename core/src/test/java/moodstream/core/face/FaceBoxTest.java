package moodstream.core.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FaceBoxTest {
    @Test
    void overlapIsIntersectionOverUnion() {
        FaceBox a = new FaceBox(0, 0, 10, 10);
        assertThat(a.iou(a)).isEqualTo(1.0);
        assertThat(a.iou(new FaceBox(5, 0, 10, 10))).isCloseTo(50.0 / 150, within(1e-12));
        assertThat(a.iou(new FaceBox(10, 0, 10, 10))).isZero();
        assertThat(a.iou(new FaceBox(2, 2, 5, 5))).isCloseTo(25.0 / 100, within(1e-12));
    }

    @Test
    void refusesBoxesOutsideTheImageOrEmpty() {
        assertThatThrownBy(() -> new FaceBox(-1, 0, 5, 5)).hasMessageContaining("x, y >= 0");
        assertThatThrownBy(() -> new FaceBox(0, 0, 0, 5)).hasMessageContaining("positive size");
        assertThat(new FaceBox(5, 5, 5, 5).fitsIn(10, 10)).isTrue();
        assertThat(new FaceBox(5, 5, 6, 5).fitsIn(10, 10)).isFalse();
    }
}
