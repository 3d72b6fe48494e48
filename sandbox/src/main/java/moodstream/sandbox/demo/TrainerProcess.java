package moodstream.sandbox.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a trainer command ({@code synth-faces}, {@code train}) as a child process through the
 * {@code ./moodstream} launcher, with its output on this terminal. A separate JVM because the
 * trainer carries DL4J and its native libraries, which the streamer's jar (and its Docker
 * image) should not; the launcher gives the child the JVM settings training needs.
 *
 * @param launcher the {@code moodstream} script
 */
record TrainerProcess(Path launcher) {
    /** The launcher sets this for the streamer it starts. */
    static final String LAUNCHER_ENV = "MOODSTREAM_LAUNCHER";

    /** The trainer behind the launcher named in {@value #LAUNCHER_ENV}, if the demo was started through it. */
    static Optional<TrainerProcess> fromEnvironment(java.util.Map<String, String> env) {
        return Optional.ofNullable(env.get(LAUNCHER_ENV)).filter(s -> !s.isBlank()).map(Path::of)
                .filter(Files::isExecutable).map(TrainerProcess::new);
    }

    /**
     * Runs {@code moodstream <args>} to its end. The child is registered with {@code cleanup}
     * for as long as it runs, so Ctrl-C stops it before anything it writes is deleted.
     *
     * @throws IllegalStateException when it exits non-zero (it has printed why)
     */
    void run(Cleanup cleanup, String... args) throws InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + launcher + ": " + e.getMessage(), e);
        }
        AutoCloseable stop = () -> stop(process);
        cleanup.add(stop);
        try {
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("'moodstream " + String.join(" ", args) + "' failed with exit code " + exit
                        + " (its messages are above)");
            }
        } finally {
            cleanup.remove(stop);
        }
    }

    /** SIGTERM first so the trainer's JVM runs its own shutdown; then, if it hangs, SIGKILL. */
    private static void stop(Process process) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
