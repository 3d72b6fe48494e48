package moodstream.sandbox.testing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Sends SIGINT to a process, as Ctrl-C in its terminal would; Java has no API for it. */
public final class CtrlC {
    private CtrlC() {
    }

    /**
     * Through the shell's built-in {@code kill}: a minimal machine may have no {@code /bin/kill}.
     *
     * @return whether the signal was sent
     */
    public static boolean send(Process process) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("sh", "-c", "kill -INT " + process.pid()).inheritIO().start();
        return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
    }
}
