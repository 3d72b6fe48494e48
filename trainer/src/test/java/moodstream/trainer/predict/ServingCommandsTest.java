package moodstream.trainer.predict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import moodstream.core.card.TestTimeAugmentation;
import moodstream.core.face.DrawnFaces;
import moodstream.core.face.FaceCropSpec;
import moodstream.core.face.FaceDetectorSettings;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.testing.TestImages;
import moodstream.trainer.TinyModels;
import moodstream.trainer.CliRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict and evaluate on a real (untrained) exported model: outputs, and errors users can cause. */
class ServingCommandsTest {
    @TempDir
    Path dir;
    Path model;
    String out;
    String err;

    @BeforeEach
    void exportModel() throws IOException {
        model = TinyModels.write(dir.resolve("model.onnx"), TinyModels.card(PreprocessingSpec.of(24, 24, 1), List.of("happy", "sad")));
    }

    private int run(String... args) {
        CliRun run = CliRun.of(args);
        out = run.out();
        err = run.err();
        return run.code();
    }

    private Path folder(String label, int count, long seed) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("data").resolve(label));
        for (int i = 0; i < count; i++) {
            Files.write(folder.resolve(label + i + ".png"), TestImages.png(TestImages.noise(40, 40, seed + i)));
        }
        return folder;
    }

    @Test
    void predictPrintsOneLinePerImageAndReportsBadFilesWithoutStopping() throws IOException {
        Path good = Files.write(dir.resolve("a.png"), TestImages.png(TestImages.noise(40, 40, 1)));
        Path bad = Files.writeString(dir.resolve("b.jpg"), "not an image");
        Path good2 = Files.write(dir.resolve("c.jpg"), TestImages.jpeg(TestImages.noise(40, 40, 2)));
        int code = run("predict", "--model", model.toString(), "--provider", "cpu", good.toString(), bad.toString(), good2.toString());
        assertThat(code).isEqualTo(1);
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith(good + "\t").matches(".*\t(happy|sad)\t0\\.\\d{4}\twhole image");
        assertThat(lines.get(1)).startsWith(good2 + "\t");
        assertThat(err).contains("b.jpg").contains("NOT_AN_IMAGE");
    }

    @Test
    void predictJsonLinesCarryEveryScore() throws IOException {
        Path good = Files.write(dir.resolve("a.png"), TestImages.png(TestImages.noise(40, 40, 1)));
        assertThat(run("predict", "--json", "--model", model.toString(), good.toString())).isZero();
        assertThat(out.strip()).startsWith("{\"image\":").contains("\"scores\":{\"happy\":").contains("\"sad\":");
    }

    /** An untrained model whose card crops faces and labels an image without one whole. */
    private Path faceModel() throws IOException {
        PreprocessingSpec faces = PreprocessingSpec.of(48, 48, 1).withFaceCrop(new FaceCropSpec(FaceCropSpec.DETECTOR_OPENCV_CASCADE,
                FaceDetectorSettings.DEFAULT, 0.2, 1.0, FaceCropSpec.NO_FACE_WHOLE_IMAGE));
        return TinyModels.write(dir.resolve("faces.onnx"), TinyModels.card(faces, List.of("happy", "sad")));
    }

    @Test
    void predictSaysWhichFaceTheLabelIsAbout() throws IOException {
        Path faceModel = faceModel();
        Path face = Files.write(dir.resolve("face.png"), TestImages.png(DrawnFaces.face(640, 480, 380, 120, 160, 0)));
        Path noise = Files.write(dir.resolve("noise.png"), TestImages.png(TestImages.noise(300, 200, 3)));

        assertThat(run("predict", "--model", faceModel.toString(), "--provider", "cpu", face.toString(), noise.toString())).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).matches(".*\t0\\.\\d{4}\tface \\d+x\\d+ at \\d+,\\d+");
        assertThat(lines.get(1)).endsWith("\tno face found: whole image");

        assertThat(run("predict", "--json", "--model", faceModel.toString(), face.toString(), noise.toString())).isZero();
        List<String> json = out.lines().toList();
        assertThat(json.get(0)).containsPattern("\"face\":\\{\"x\":\\d+,\"y\":\\d+,\"width\":\\d+,\"height\":\\d+}");
        assertThat(json.get(1)).contains("\"face\":null");
    }

    @Test
    void noFaceDeadLetterRefusesWhatTheCardWouldLabelWholeAndEvaluateLeavesThoseOut() throws IOException {
        Path faceModel = faceModel();
        Path face = Files.write(dir.resolve("face.png"), TestImages.png(DrawnFaces.face(640, 480, 380, 120, 160, 0)));
        Path noise = Files.write(dir.resolve("noise.png"), TestImages.png(TestImages.noise(300, 200, 3)));

        assertThat(run("predict", "--no-face", "dead-letter", "--model", faceModel.toString(), face.toString(), noise.toString()))
                .isEqualTo(1);
        assertThat(out.lines().toList()).hasSize(1).allMatch(line -> line.startsWith(face + "\t"));
        assertThat(err).contains("noise.png").contains("NO_FACE");

        for (String label : List.of("happy", "sad")) {
            Path folder = Files.createDirectories(dir.resolve("faces").resolve(label));
            int x = label.equals("happy") ? 380 : 100;
            Files.write(folder.resolve("face.png"), TestImages.png(DrawnFaces.face(640, 480, x, 120, 160, 0)));
            Files.write(folder.resolve("scene.png"), TestImages.png(TestImages.noise(300, 200, x)));
        }
        assertThat(run("evaluate", "--no-face", "dead-letter", "--model", faceModel.toString(), "--data",
                dir.resolve("faces").toString())).as(err).isZero();
        assertThat(out).contains("test images 2").containsPattern("no face found.*2|2.*no face found");
        assertThat(run("evaluate", "--model", faceModel.toString(), "--data", dir.resolve("faces").toString())).as(err).isZero();
        assertThat(out).as("the card's whole-image keeps them").contains("test images 4");

        assertThat(run("predict", "--no-face", "dead-letter", "--model", model.toString(), noise.toString())).isEqualTo(2);
        assertThat(err).contains("--no-face applies only to a model that crops faces");
        assertThat(run("predict", "--no-face", "skip", "--model", faceModel.toString(), noise.toString())).isEqualTo(2);
        assertThat(err).contains("--no-face must be whole-image, dead-letter or fallback, got 'skip'");
    }

    @Test
    void aMissingOrCorruptModelIsAUserError() throws IOException {
        Path image = Files.write(dir.resolve("a.png"), TestImages.png(TestImages.noise(40, 40, 1)));
        assertThat(run("predict", "--model", dir.resolve("nope.onnx").toString(), image.toString())).isEqualTo(2);
        assertThat(err).contains("model file not found").contains("nope.onnx");
        Path corrupt = Files.writeString(dir.resolve("corrupt.onnx"), "garbage");
        assertThat(run("predict", "--model", corrupt.toString(), image.toString())).isEqualTo(2);
        assertThat(err).contains("corrupt.onnx");
        assertThat(run("predict", "--provider", "cuda", "--model", model.toString(), image.toString())).isEqualTo(2);
        assertThat(err).contains("'cuda' was requested");
    }

    @Test
    void evaluateScoresAFolderAndWritesItsReport() throws IOException {
        folder("happy", 4, 10);
        folder("sad", 3, 20);
        Path report = dir.resolve("report");
        assertThat(run("evaluate", "--model", model.toString(), "--data", dir.resolve("data").toString(), "--out", report.toString()))
                .as(err).isZero();
        assertThat(out).contains("test images 7").contains("confusion matrix");
        assertThat(report.resolve("evaluation.json")).isNotEmptyFile();
        assertThat(report.resolve("misclassified.png")).isNotEmptyFile();
    }

    @Test
    void evaluateRefusesLabelsTheModelDoesNotKnow() throws IOException {
        folder("happy", 3, 10);
        folder("angry", 3, 20);
        assertThat(run("evaluate", "--model", model.toString(), "--data", dir.resolve("data").toString())).isEqualTo(2);
        assertThat(err).contains("'angry'").contains("[happy, sad]");
    }

    @Test
    void evaluateWithTtaOverrideScoresAsAnHflipCardDoes() throws IOException {
        folder("happy", 4, 10);
        folder("sad", 3, 20);
        String data = dir.resolve("data").toString();
        Path hflip = TinyModels.write(dir.resolve("hflip.onnx"), TinyModels.card(PreprocessingSpec.of(24, 24, 1),
                List.of("happy", "sad")).withTta(TestTimeAugmentation.HFLIP));
        assertThat(run("evaluate", "--model", model.toString(), "--data", data, "--out", dir.resolve("asServed").toString()))
                .as(err).isZero();
        assertThat(out).contains("test-time augmentation none, batch 64");
        assertThat(run("evaluate", "--model", model.toString(), "--data", data, "--tta", "hflip", "--batch-size", "1",
                "--out", dir.resolve("overridden").toString())).as(err).isZero();
        assertThat(out).contains("instead of the card's none").contains("test-time augmentation hflip, batch 1");
        assertThat(run("evaluate", "--model", hflip.toString(), "--data", data, "--out", dir.resolve("card").toString()))
                .as(err).isZero();
        assertThat(out).contains("test-time augmentation hflip").doesNotContain("instead of");

        JsonNode none = new ObjectMapper().readTree(dir.resolve("asServed/evaluation.json").toFile());
        JsonNode overridden = new ObjectMapper().readTree(dir.resolve("overridden/evaluation.json").toFile());
        JsonNode card = new ObjectMapper().readTree(dir.resolve("card/evaluation.json").toFile());
        assertThat(overridden.get("tta").asText()).isEqualTo("hflip");
        assertThat(card.get("tta").asText()).isEqualTo("hflip");
        assertThat(none.get("tta").asText()).isEqualTo("none");
        // Same weights, same averaging: the override measures exactly what a card with hflip serves.
        assertThat(overridden.get("metrics").get("rocAuc").asDouble())
                .isCloseTo(card.get("metrics").get("rocAuc").asDouble(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(overridden.get("mistakes")).isEqualTo(card.get("mistakes"));
    }

    @Test
    void evaluateRefusesUnknownTtaAndSplit() throws IOException {
        folder("happy", 2, 10);
        folder("sad", 2, 20);
        String data = dir.resolve("data").toString();
        assertThat(run("evaluate", "--model", model.toString(), "--data", data, "--tta", "vflip")).isEqualTo(2);
        assertThat(err).contains("'vflip'").contains("none, hflip");
        assertThat(run("evaluate", "--model", model.toString(), "--data", data, "--split", "train")).isEqualTo(2);
        assertThat(err).contains("test or validation");
    }
}
