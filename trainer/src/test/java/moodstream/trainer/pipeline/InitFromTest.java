package moodstream.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import moodstream.core.face.FaceCropSpec;
import moodstream.core.testing.TestImages;
import moodstream.trainer.CliRun;
import moodstream.trainer.TrainerCli;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine;

/**
 * {@code train --init-from RUN} starts from RUN's trained weights (fine-tuning), and only when its
 * card says the network takes the same input; {@code --no-face} is what the card records.
 */
class InitFromTest {
    @TempDir
    static Path dir;

    private static SmallDataset data;
    private static Path run;

    @BeforeAll
    static void trainARunToStartFrom() throws IOException {
        data = SmallDataset.write(dir.resolve("data"), 12,
                (label, i) -> TestImages.noise(24, 24, (label.equals("happy") ? 0 : 500) + i));
        run = dir.resolve("run");
        CliRun trained = CliRun.of(data.train(run, "--epochs", "2"));
        assertThat(trained.code()).as(trained.err()).isZero();
    }

    /** At a rate of 1e-9 the weights cannot move: the fine-tuned network's are the run's, and new ones would not be. */
    @Test
    void startsFromTheRunsWeights() throws IOException {
        Path tuned = dir.resolve("tuned");
        CliRun fineTuned = CliRun.of(data.train(tuned, "--init-from", run.toString(), "--epochs", "1", "--learning-rate", "1e-9"));
        assertThat(fineTuned.code()).as(fineTuned.err()).isZero();
        assertThat(fineTuned.out()).contains("the trained network of " + run).contains("fixed, fine-tuning");
        assertThat(Files.readString(tuned.resolve("model-card.json"))).contains("fine-tuned from the network of " + run);

        INDArray before = firstConvWeights(run);
        INDArray after = firstConvWeights(tuned);
        assertThat(after.equalsWithEps(before, 1e-6)).isTrue();

        Path fresh = dir.resolve("fresh");
        CliRun anew = CliRun.of(data.train(fresh, "--epochs", "1", "--learning-rate", "1e-9", "--seed", "7"));
        assertThat(anew.code()).as(anew.err()).isZero();
        assertThat(firstConvWeights(fresh).equalsWithEps(before, 1e-6)).isFalse();
    }

    @Test
    void aNetworkForAnotherInputIsRefused() {
        Path out = dir.resolve("other-size");
        CliRun refused = CliRun.of("train", "--data", data.folder().toString(), "--out", out.toString(), "--size", "24",
                "--min-side", "16", "--init-from", run.toString(), "--epochs", "1");
        assertThat(refused.code()).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(refused.err()).contains("input 16x16x1, not 24x24x1").contains("--size");
        assertThat(out.resolve("model.onnx")).doesNotExist();

        CliRun noRun = CliRun.of(data.train(dir.resolve("x"), "--init-from", dir.resolve("nothing").toString()));
        assertThat(noRun.code()).isEqualTo(TrainerCli.USER_ERROR);
        assertThat(noRun.err()).contains("model.zip").contains("finished './moodstream train' run");
    }

    @Test
    void noFaceIsRecordedWithACropAndRefusedWithout() {
        TrainCommand deadLetter = parse("--crop", "face", "--no-face", "dead-letter");
        assertThat(deadLetter.request().input().face().noFace()).isEqualTo(FaceCropSpec.NO_FACE_DEAD_LETTER);
        assertThat(parse("--crop", "face").request().input().face().noFace()).isEqualTo(FaceCropSpec.NO_FACE_WHOLE_IMAGE);

        assertThatThrownBy(() -> parse("--no-face", "dead-letter").request()).hasMessageContaining("needs --crop face");
        assertThatThrownBy(() -> parse("--crop", "face", "--no-face", "fallback").request())
                .hasMessageContaining("'./moodstream bundle'");
        assertThatThrownBy(() -> parse("--init-from", run.toString(), "--refit", run.toString()).request())
                .hasMessageContaining("do not go together");
    }

    private static TrainCommand parse(String... args) {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private static INDArray firstConvWeights(Path out) throws IOException {
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(out.resolve("model.zip").toFile(), false);
        return net.getLayer(0).getParam("W").dup();
    }
}
