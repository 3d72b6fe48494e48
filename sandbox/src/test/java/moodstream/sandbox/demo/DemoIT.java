package moodstream.sandbox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import moodstream.core.image.PreprocessingSpec;
import moodstream.sandbox.testing.CtrlC;
import moodstream.trainer.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as users run it, in its own JVM with its own temporary folder, on a model that
 * fits its data (so no trainer is needed): it runs to its summary, and Ctrl-C while it
 * streams stops it leaving no process, port or temporary file behind.
 */
class DemoIT {
    private static final Pattern BROKER = Pattern.compile("embedded single-node broker at 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern METRICS = Pattern.compile("status page: http://127\\.0\\.0\\.1:(\\d+)/");

    @TempDir
    Path dir;

    @Test
    void runsToItsSummaryAndCleansUp() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        prepare(10, 4);

        Demo demo = Demo.start(dir, tmp, "--rate", "0");
        assertThat(demo.process.waitFor(180, TimeUnit.SECONDS)).as("demo finished; output:%n%s", demo.output()).isTrue();

        String output = demo.output();
        assertThat(demo.process.exitValue()).as(output).isZero();
        assertThat(output).contains("using the labelled images in data")
                .contains("summary: 8 images published, 8 labelled, 0 dead-lettered")
                .contains("accuracy against the folder labels")
                .containsPattern("latency, publish to label: p50 \\d+ ms, p99 \\d+ ms");
        for (String key : List.of("happy/img6.png", "happy/img9.png", "sad/img6.png", "sad/img9.png")) {
            assertThat(output).contains(key);
        }
        assertNothingLeft(demo, tmp);
    }

    @Test
    void ctrlCWhileStreamingLeavesNothingBehind() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        prepare(60, 50);

        // 100 test images at 5/s: streaming lasts 20 s, so the signal lands mid-stream.
        Demo demo = Demo.start(dir, tmp, "--rate", "5");
        demo.awaitLine(line -> line.contains("happy/img"), 120);
        List<ProcessHandle> descendants = demo.process.descendants().toList();
        assertThat(CtrlC.send(demo.process)).as("SIGINT sent").isTrue();

        assertThat(demo.process.waitFor(60, TimeUnit.SECONDS)).as("demo stopped after SIGINT; output:%n%s", demo.output()).isTrue();
        assertThat(demo.process.exitValue()).as(demo.output()).isEqualTo(DemoCommand.INTERRUPTED);
        assertThat(demo.output()).doesNotContain("summary:").contains("interrupted: stopping what the demo started");
        assertThat(descendants).noneMatch(ProcessHandle::isAlive);
        assertNothingLeft(demo, tmp);
    }

    /** Data, a model and the split file naming the last {@code test} images per label as test images. */
    private void prepare(int perLabel, int test) throws Exception {
        Path models = dir.resolve("models");
        DemoFixtures.dataWithSplit(dir.resolve("data"), models, perLabel, test);
        TinyModels.write(models.resolve(DemoModel.MODEL_FILE), TinyModels.card(PreprocessingSpec.of(48, 48, 1), List.of("happy", "sad")));
    }

    private void assertNothingLeft(Demo demo, Path tmp) throws IOException {
        String output = demo.output();
        for (Pattern port : List.of(BROKER, METRICS)) {
            Matcher m = port.matcher(output);
            assertThat(m.find()).as("the demo printed %s; output:%n%s", port, output).isTrue();
            try (ServerSocket free = new ServerSocket(Integer.parseInt(m.group(1)), 1, InetAddress.getLoopbackAddress())) {
                assertThat(free.isBound()).isTrue();
            }
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.toList()).as("temporary files left; output:%n%s", output).isEmpty();
        }
        try (Stream<Path> left = Files.list(dir.resolve("models"))) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("model.onnx", "split.csv");
        }
    }

    /** The packaged jar in its own JVM, its output collected line by line. */
    private record Demo(Process process, List<String> lines, Thread reader) {
        static Demo start(Path workDir, Path tmp, String... extra) throws IOException {
            Path jar = Path.of("target", "moodstream-sandbox.jar").toAbsolutePath();
            assertThat(jar).as("run through 'mvn verify', which packages the jar before integration tests").exists();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.io.tmpdir=" + tmp, "-jar", jar.toString(), "demo", "--provider", "cpu", "--wait", "PT30S"));
            command.addAll(List.of(extra));
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
            builder.environment().remove(TrainerProcess.LAUNCHER_ENV);
            Process process = builder.start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(output reader failed: " + e + ")");
                }
            }, "demo-output");
            reader.setDaemon(true);
            reader.start();
            return new Demo(process, lines, reader);
        }

        /** All output so far; once the process has ended, all of it. */
        String output() {
            if (!process.isAlive()) {
                try {
                    reader.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return String.join("\n", lines);
        }

        void awaitLine(java.util.function.Predicate<String> wanted, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (lines.stream().noneMatch(wanted)) {
                assertThat(process.isAlive()).as("demo still running; output:%n%s", output()).isTrue();
                assertThat(System.nanoTime()).as("line not seen in %d s; output:%n%s", seconds, output()).isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }
}
