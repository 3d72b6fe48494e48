package moodstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LearningRatePlateauTest {
    private final LearningRatePlateau plateau = new LearningRatePlateau(0.5, 2, 1e-4);

    @Test
    void cutsOnlyOncePatienceEpochsPassedWithoutProgress() {
        assertThat(plateau.afterEpoch(1e-3, 0)).isEmpty();
        assertThat(plateau.afterEpoch(1e-3, 1)).isEmpty();
        assertThat(plateau.afterEpoch(1e-3, 2)).hasValue(5e-4);
        assertThat(plateau.afterEpoch(1e-3, 3)).hasValue(5e-4);
    }

    @Test
    void neverCutsBelowTheFloor() {
        assertThat(plateau.afterEpoch(1.5e-4, 2)).hasValue(1e-4);
        assertThat(plateau.afterEpoch(1e-4, 5)).isEmpty();
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> new LearningRatePlateau(1.0, 2, 0)).hasMessageContaining("--lr-plateau-factor");
        assertThatThrownBy(() -> new LearningRatePlateau(0, 2, 0)).hasMessageContaining("--lr-plateau-factor");
        assertThatThrownBy(() -> new LearningRatePlateau(0.5, 0, 0)).hasMessageContaining("--lr-plateau-patience");
    }
}
