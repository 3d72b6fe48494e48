package moodstream.core.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceDetectorSettingsTest {
    private static final List<Cascade> DEFAULT = List.of(Cascade.HAAR_FRONTALFACE_DEFAULT);

    private static FaceDetectorSettings settings(List<Cascade> cascades, double sf, int mn, double minFace, List<Double> rotations,
                                                 int maxSide) {
        return new FaceDetectorSettings(cascades, sf, mn, minFace, true, rotations, maxSide, true, false);
    }

    @Test
    void acceptsTheEdgesOfEachRange() {
        assertThat(settings(DEFAULT, 2.0, 0, 1.0, List.of(45.0, -45.0), 64).maxSide()).isEqualTo(64);
        assertThat(settings(DEFAULT, 1.01, 50, 0.01, List.of(), 4096).minNeighbors()).isEqualTo(50);
        assertThat(settings(DEFAULT, 1.1, 3, 0.1, List.of(), 0).maxSide()).isZero();
    }

    @Test
    void refusesSettingsOpenCvWouldMisuseOrThatMeanNothing() {
        assertThatThrownBy(() -> settings(List.of(), 1.1, 3, 0.1, List.of(), 0)).hasMessageContaining("at least one cascade");
        assertThatThrownBy(() -> settings(List.of(Cascade.LBP_FRONTALFACE, Cascade.LBP_FRONTALFACE), 1.1, 3, 0.1, List.of(), 0))
                .hasMessageContaining("repeat");
        assertThatThrownBy(() -> settings(DEFAULT, 1.0, 3, 0.1, List.of(), 0)).hasMessageContaining("scaleFactor");
        assertThatThrownBy(() -> settings(DEFAULT, Double.NaN, 3, 0.1, List.of(), 0)).hasMessageContaining("scaleFactor");
        assertThatThrownBy(() -> settings(DEFAULT, 2.5, 3, 0.1, List.of(), 0)).hasMessageContaining("scaleFactor");
        assertThatThrownBy(() -> settings(DEFAULT, 1.1, -1, 0.1, List.of(), 0)).hasMessageContaining("minNeighbors");
        assertThatThrownBy(() -> settings(DEFAULT, 1.1, 51, 0.1, List.of(), 0)).hasMessageContaining("minNeighbors");
        assertThatThrownBy(() -> settings(DEFAULT, 1.1, 3, 0, List.of(), 0)).hasMessageContaining("minFaceFraction");
        assertThatThrownBy(() -> settings(DEFAULT, 1.1, 3, 1.5, List.of(), 0)).hasMessageContaining("minFaceFraction");
        assertThatThrownBy(() -> settings(DEFAULT, 1.1, 3, 0.1, List.of(0.0), 0)).hasMessageContaining("rotations");
        assertThatThrownBy(() -> settings(DEFAULT, 1.1, 3, 0.1, List.of(46.0), 0)).hasMessageContaining("rotations");
        assertThatThrownBy(() -> settings(DEFAULT, 1.1, 3, 0.1, List.of(Double.NaN), 0)).hasMessageContaining("rotations");
        assertThatThrownBy(() -> settings(DEFAULT, 1.1, 3, 0.1, List.of(10.0, 10.0), 0)).hasMessageContaining("repeat");
        assertThatThrownBy(() -> settings(DEFAULT, 1.1, 3, 0.1, List.of(), 63)).hasMessageContaining("maxSide");
        assertThatThrownBy(() -> settings(DEFAULT, 1.1, 3, 0.1, List.of(), 5000)).hasMessageContaining("maxSide");
    }

    @Test
    void isImmutable() {
        List<Cascade> cascades = new ArrayList<>(DEFAULT);
        List<Double> rotations = new ArrayList<>(List.of(10.0));
        FaceDetectorSettings s = settings(cascades, 1.1, 3, 0.1, rotations, 0);
        cascades.add(Cascade.HAAR_PROFILEFACE);
        rotations.add(-10.0);
        assertThat(s.cascades()).containsExactly(Cascade.HAAR_FRONTALFACE_DEFAULT);
        assertThat(s.rotations()).containsExactly(10.0);
        assertThatThrownBy(() -> s.cascades().add(Cascade.LBP_FRONTALFACE)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void countsPassesWithTheMirrorOnlyForOneSidedCascades() {
        FaceDetectorSettings s = settings(List.of(Cascade.HAAR_FRONTALFACE_ALT2, Cascade.HAAR_PROFILEFACE), 1.1, 3, 0.1,
                List.of(12.0, -12.0), 640);
        // per angle: alt2, profile, mirrored profile; three angles
        assertThat(s.passes()).isEqualTo(9);
    }

    @Test
    void cascadeIdsRoundTrip() {
        for (Cascade c : Cascade.values()) {
            assertThat(Cascade.fromId(c.id())).isEqualTo(c);
        }
        assertThatThrownBy(() -> Cascade.fromId("haar_eye")).hasMessageContaining("unknown face cascade").hasMessageContaining("lbp_frontalface");
    }
}
