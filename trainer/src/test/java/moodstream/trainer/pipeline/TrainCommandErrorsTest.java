package moodstream.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import moodstream.core.card.TestTimeAugmentation;
import moodstream.core.testing.TestImages;
import moodstream.trainer.TrainerCli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

/** Bad input ends with a clear message, exit code 2, and no model files written. */
class TrainCommandErrorsTest {
    @TempDir
    Path dir;

    private String err;

    private int train(Path data, Path out) {
        StringWriter buffer = new StringWriter();
        int code = TrainerCli.run(new PrintWriter(buffer, true), "train", "--data", data.toString(), "--out", out.toString(),
                "--epochs", "1", "--size", "16");
        err = buffer.toString();
        return code;
    }

    private static void images(Path folder, int count, long seed) throws IOException {
        Files.createDirectories(folder);
        for (int i = 0; i < count; i++) {
            Files.write(folder.resolve("img" + i + ".png"), TestImages.png(TestImages.noise(40, 40, seed + i)));
        }
    }

    private void assertNoModelIn(Path out) throws IOException {
        if (Files.exists(out)) {
            try (Stream<Path> files = Files.list(out)) {
                assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("model.onnx", "model.zip");
            }
        }
    }

    @Test
    void missingDataFolder() throws IOException {
        Path out = dir.resolve("models");
        assertThat(train(dir.resolve("no-such-data"), out)).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(err).startsWith("error: ").contains("no-such-data").doesNotContain("Exception");
        assertNoModelIn(out);
    }

    @Test
    void singleClass() throws IOException {
        images(dir.resolve("data/happy"), 5, 1);
        Path out = dir.resolve("models");
        assertThat(train(dir.resolve("data"), out)).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(err).contains("happy").contains("at least 2");
        assertNoModelIn(out);
    }

    @Test
    void emptyClass() throws IOException {
        images(dir.resolve("data/happy"), 5, 1);
        Files.createDirectories(dir.resolve("data/sad"));
        Files.writeString(dir.resolve("data/sad/notes.jpg"), "not a picture");
        Path out = dir.resolve("models");
        assertThat(train(dir.resolve("data"), out)).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(err).contains("sad").contains("no usable images");
        assertNoModelIn(out);
    }

    @Test
    void unwritableModelPathFailsBeforeTraining() throws IOException {
        images(dir.resolve("data/happy"), 5, 1);
        images(dir.resolve("data/sad"), 5, 100);
        Path blocker = Files.writeString(dir.resolve("models"), "a file where the folder should be");
        assertThat(train(dir.resolve("data"), blocker.resolve("run1"))).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(err).contains("not writable").contains("--out");
        assertThat(Files.readString(blocker)).isEqualTo("a file where the folder should be");
    }

    @Test
    void anUnknownArchitectureOrBadNumberIsAUsageError() {
        Path data = dir.resolve("data");
        StringWriter buffer = new StringWriter();
        int code = TrainerCli.run(new PrintWriter(buffer, true), "train", "--data", data.toString(), "--architecture", "resnet");
        assertThat(code).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(buffer.toString()).contains("resnet").contains("compact, wide, plain or tutorial");
        assertThat(TrainerCli.run(new PrintWriter(new StringWriter(), true), "train", "--epochs", "many")).isEqualTo(2);
    }

    private static TrainRequest request(String... args) {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(args);
        return command.request();
    }

    @Test
    void ttaIsChosenAtTrainingTimeAndUnknownValuesAreRefused() throws IOException {
        assertThat(request().tta()).as("compact flips its training images").isEqualTo(TestTimeAugmentation.HFLIP);
        assertThat(request("--no-augment").tta()).isEqualTo(TestTimeAugmentation.NONE);
        assertThat(request("--architecture", "tutorial").tta()).as("trained without flips").isEqualTo(TestTimeAugmentation.NONE);
        assertThat(request("--tta", "none").tta()).isEqualTo(TestTimeAugmentation.NONE);
        assertThat(request("--no-augment", "--tta", "hflip").tta()).isEqualTo(TestTimeAugmentation.HFLIP);

        images(dir.resolve("data/happy"), 3, 1);
        images(dir.resolve("data/sad"), 3, 9);
        Path out = dir.resolve("models");
        StringWriter buffer = new StringWriter();
        assertThat(TrainerCli.run(new PrintWriter(buffer, true), "train", "--data", dir.resolve("data").toString(),
                "--out", out.toString(), "--tta", "vflip")).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(buffer.toString()).contains("'vflip'");
        assertNoModelIn(out);
    }

    @Test
    void recipeOptionsReachTheTrainerAndBadOnesAreRefusedBeforeAnyWork() {
        TrainRequest request = request("--lr-plateau-patience", "3", "--lr-plateau-factor", "0.3", "--label-smoothing", "0.1",
                "--erase", "0.5", "--learning-rate", "0.004");
        assertThat(request.training().plateau()).hasValueSatisfying(p -> {
            assertThat(p.patience()).isEqualTo(3);
            assertThat(p.factor()).isEqualTo(0.3);
        });
        assertThat(request.training().labelSmoothing()).isEqualTo(0.1);
        assertThat(request.training().erase()).isEqualTo(0.5);
        assertThat(request.training().learningRate()).isEqualTo(0.004);
        assertThat(request().training().plateau()).as("off unless asked").isEmpty();

        Path data = dir.resolve("no-data-needed");
        for (String[] bad : new String[][] {{"--label-smoothing", "0.7"}, {"--erase", "2"}, {"--lr-plateau-patience", "2",
                "--lr-plateau-factor", "1.5"}, {"--no-augment", "--erase", "0.5"}}) {
            StringWriter buffer = new StringWriter();
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("train", "--data", data.toString()),
                    java.util.Arrays.stream(bad)).toArray(String[]::new);
            assertThat(TrainerCli.run(new PrintWriter(buffer, true), args)).as(String.join(" ", bad)).isEqualTo(TrainerCli.USER_ERROR);
            assertThat(buffer.toString()).as("names the option").contains(bad[bad.length - 2]).doesNotContain("no-data-needed");
        }
    }
}
