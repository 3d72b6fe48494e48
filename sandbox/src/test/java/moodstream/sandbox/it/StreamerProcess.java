package moodstream.sandbox.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
    private final Path tmpDir;

    private StreamerProcess(Process process, Path log, int httpPort, Path tmpDir) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.tmpDir = tmpDir;
    }

    /** Starts {@code stream} with a 1 GB heap, a free HTTP port, CPU inference and {@code args} added. */
    static StreamerProcess start(Path log, String bootstrap, Path model, String... args) throws IOException {
        return start(log, "-Xmx1g", bootstrap, model, args);
    }

    /**
     * As {@link #start(Path, String, Path, String...)} with the heap flag given, e.g. the launcher's {@code -Xmx2g}.
     *
     * <p>The JVM's {@code java.io.tmpdir} is a folder beside the log, in the test's own temporary folder: ONNX
     * Runtime copies its 28 MB of natives there and deletes them only at a clean exit, and Kafka Streams keeps its
     * state there by default, so a test that kills the streamer with SIGKILL leaves nothing behind in {@code /tmp}.
     * The folder is named after the log, so a streamer restarted with the same log finds its state again.
     */
    static StreamerProcess start(Path log, String heap, String bootstrap, Path model, String... args) throws IOException {
        int httpPort = freePort();
        String name = log.getFileName().toString().replaceFirst("\\.log$", "");
        Path tmp = Files.createDirectories(log.resolveSibling(name + ".tmp"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap, "-Djava.io.tmpdir=" + tmp,
                "-jar", jar().toString(), "stream",
                "--bootstrap-servers", bootstrap, "--model", model.toString(), "--provider", "cpu",
                "--http-port", Integer.toString(httpPort)));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new StreamerProcess(process, log, httpPort, tmp);
    }

    /** The JVM process itself, for its pid, SIGTERM ({@code destroy}) and exit value. */
    Process process() {
        return process;
    }

    int httpPort() {
        return httpPort;
    }

    /** GET of a path on the streamer's HTTP port ({@code /ready}, {@code /health}, {@code /status.json}). */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JVM's {@code java.io.tmpdir}, inside the test's temporary folder. */
    Path tmpDir() {
        return tmpDir;
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
