package moodstream.core.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void durations() {
        assertThat(Durations.parse("--timeout", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("--timeout", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("--timeout", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("--timeout", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("--timeout", "1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("--timeout", "PT10S")).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> Durations.parse("--timeout", "soon")).hasMessageContaining("30s");
        assertThatThrownBy(() -> Durations.parse("--timeout", "0s")).hasMessageContaining("positive");
    }

    @Test
    void theMessageNamesTheOption() {
        assertThatThrownBy(() -> Durations.parse("--wait", "soon")).hasMessageStartingWith("--wait must be a duration");
    }
}
