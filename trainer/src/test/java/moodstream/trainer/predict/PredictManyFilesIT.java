package moodstream.trainer.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.testing.TestImages;
import moodstream.trainer.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar moodstream-trainer.jar predict} on as many files as a shell glob gives: a
 * folder of photos is a command line of tens of KB. ONNX Runtime 1.29.0's Linux telemetry matched
 * a regular expression against /proc/self/cmdline when its environment was created and overflowed
 * the stack beyond about 4 KB of command line: the JVM died with SIGSEGV (exit 139) before the
 * first label, with no message (`./moodstream predict photos/*.jpg` on the 151 happy web photos).
 * This runs the packaged jar as a user does, so it fails again if such a runtime comes back.
 */
class PredictManyFilesIT {
    private static final int FILES = 300;

    @Test
    void labelsEveryFileOfALongCommandLine(@TempDir Path dir) throws IOException, InterruptedException {
        Path jar = Path.of("target", "moodstream-trainer.jar").toAbsolutePath();
        assertThat(jar).as("run through 'mvn verify', which packages the jar before integration tests").exists();
        Path model = TinyModels.write(dir.resolve("model.onnx"), TinyModels.card(PreprocessingSpec.of(24, 24, 1), List.of("happy", "sad")));
        Path photos = Files.createDirectories(dir.resolve("photos-with-the-long-names-a-camera-or-a-download-gives"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString(), "predict", "--model", model.toString(), "--provider", "cpu"));
        for (int i = 0; i < FILES; i++) {
            Path photo = photos.resolve(String.format("IMG_2026-12-01_holiday-by-the-sea_%04d.png", i));
            Files.write(photo, TestImages.png(TestImages.noise(32, 32, i)));
            command.add(photo.toString());
        }
        assertThat(String.join(" ", command).length()).as("command line length").isGreaterThan(32 * 1024);

        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process predict = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertThat(predict.waitFor(120, TimeUnit.SECONDS)).as("predict finished").isTrue();

        String errors = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(predict.exitValue()).as("exit code (139 is SIGSEGV); stderr: %s", errors).isZero();
        List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(FILES);
        assertThat(lines.get(FILES - 1)).startsWith(photos.resolve(String.format("IMG_2026-12-01_holiday-by-the-sea_%04d.png", FILES - 1))
                + "\t").matches(".*\t(happy|sad)\t0\\.\\d{4}\twhole image");
    }
}
