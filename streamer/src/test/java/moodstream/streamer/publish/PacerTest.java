package moodstream.streamer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The schedule of {@code publish --rate} (and of the sandbox's demo and bench). */
class PacerTest {

    @Test
    void pacerSchedulesFromTheStartNotFromTheLastSend() {
        AtomicLong clock = new AtomicLong(1_000);
        Pacer pacer = new Pacer(4, 1_000, clock::get);
        assertThat(pacer.dueNanos(0)).isEqualTo(1_000);
        assertThat(pacer.dueNanos(1)).isEqualTo(1_000 + 250_000_000);
        assertThat(pacer.dueNanos(8)).isEqualTo(1_000 + 2_000_000_000L);

        // A send that is already late does not wait, and reports when it was due, not now.
        clock.set(1_000 + 900_000_000);
        assertThat(pacer.awaitSlot(2)).isEqualTo(1_000 + 500_000_000);
    }

    @Test
    void pacerRefusesANonPositiveRate() {
        assertThatThrownBy(() -> new Pacer(0, 0, System::nanoTime)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pacer(Double.NaN, 0, System::nanoTime)).isInstanceOf(IllegalArgumentException.class);
    }
}
