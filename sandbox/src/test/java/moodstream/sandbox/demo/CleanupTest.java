package moodstream.sandbox.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanupTest {
    @Test
    void undoesInReverseOrderOnceEvenWhenOneStepFails() {
        List<String> done = new ArrayList<>();
        Cleanup cleanup = new Cleanup();
        cleanup.add(() -> done.add("delete work dir"));
        cleanup.add(() -> done.add("stop broker"));
        cleanup.add(() -> {
            throw new IllegalStateException("streamer would not stop");
        });
        AutoCloseable forgotten = () -> done.add("never");
        cleanup.add(forgotten);
        cleanup.remove(forgotten);

        cleanup.close();
        cleanup.close();

        assertThat(done).containsExactly("stop broker", "delete work dir");
        assertThat(cleanup.closed()).isTrue();
    }

    @Test
    void whatStartsAfterCtrlCIsStoppedAtOnce() {
        List<String> done = new ArrayList<>();
        Cleanup cleanup = new Cleanup();
        cleanup.close();

        assertThatThrownBy(() -> cleanup.add(() -> done.add("stopped late starter")))
                .isInstanceOf(Cleanup.DemoInterruptedException.class);
        assertThat(done).containsExactly("stopped late starter");
    }
}
