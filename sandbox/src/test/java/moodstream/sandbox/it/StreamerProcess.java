package moodstream.sandbox.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged streamer as users run it ({@code java -jar moodstream-streamer.jar stream ...}), in its own JVM. */
final class StreamerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int httpPort;

    private StreamerProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** Starts {@code stream} with a 1 GB heap, a free HTTP port, CPU inference and {@code args} added. */
    static StreamerProcess start(Path log, String bootstrap, Path model, String... args) throws IOException {
        return start(log, "-Xmx1g", bootstrap, model, args);
    }

    /** As {@link #start(Path, String, Path, String...)} with the heap flag given, e.g. the launcher's {@code -Xmx2g}. */
    static StreamerProcess start(Path log, String heap, String bootstrap, Path model, String... args) throws IOException {
        int httpPort = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
                "-jar", jar().toString(), "stream",
                "--bootstrap-servers", bootstrap, "--model", model.toString(), "--provider", "cpu",
                "--http-port", Integer.toString(httpPort)));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new StreamerProcess(process, log, httpPort);
    }

    /** The JVM process itself, for its pid, SIGTERM ({@code destroy}) and exit value. */
    Process process() {
        return process;
    }

    int httpPort() {
        return httpPort;
    }

    /** The streamer's packaged app: the reactor packages the streamer before the sandbox's integration tests run. */
    static Path jar() {
        Path jar = Path.of("..", "streamer", "target", "moodstream-streamer.jar").toAbsolutePath().normalize();
        assertThat(jar).as("run through 'mvn verify', which packages the jar before integration tests").exists();
        return jar;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end; its exit code, or -1 if it is still running. */
    int waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL: no commit, no leave-group, no shutdown hook. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
