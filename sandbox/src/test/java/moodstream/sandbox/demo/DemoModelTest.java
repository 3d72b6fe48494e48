package moodstream.sandbox.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import moodstream.core.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoModelTest {
    @TempDir
    Path dir;

    @Test
    void aModelFitsTheDataItsTestImagesCameFrom() throws Exception {
        Path data = dir.resolve("data");
        DemoModel model = new DemoModel(dir.resolve("models"));
        DemoFixtures.dataWithSplit(data, model.folder(), 5, 2);
        assertThat(model.unfitFor(data)).hasValueSatisfying(why -> assertThat(why).contains("there is no model"));

        Files.writeString(model.onnx(), "stands in for a model");

        assertThat(model.unfitFor(data)).isEmpty();
        assertThat(model.testImages(data)).extracting(DemoImage::key, DemoImage::expectedLabel).containsExactly(
                tuple("happy/img3.png", "happy"), tuple("happy/img4.png", "happy"),
                tuple("sad/img3.png", "sad"), tuple("sad/img4.png", "sad"));
        assertThat(model.testImages(data).get(0).path()).isEqualTo(data.toAbsolutePath().resolve("happy/img3.png"));
    }

    @Test
    void otherDataOrAChangedTestImageMeansTraining() throws Exception {
        Path data = dir.resolve("data");
        DemoModel model = new DemoModel(dir.resolve("models"));
        DemoFixtures.dataWithSplit(data, model.folder(), 5, 2);
        Files.writeString(model.onnx(), "stands in for a model");

        Path other = Files.createDirectories(dir.resolve("other"));
        assertThat(model.unfitFor(other)).hasValueSatisfying(why -> assertThat(why).contains("trained on other data").contains("is not in"));

        Files.write(data.resolve("sad/img4.png"), TestImages.png(TestImages.noise(40, 40, 999)));
        assertThat(model.unfitFor(data)).hasValueSatisfying(why -> assertThat(why).contains("sad/img4.png").contains("differs"));

        Files.writeString(model.folder().resolve(DemoModel.SPLIT_FILE), "not,a,split\r\n");
        assertThat(model.unfitFor(data)).hasValueSatisfying(why -> assertThat(why).contains("split file cannot be used"));
    }

    @Test
    void installingReplacesTheOldModelAndItsFiles() throws Exception {
        DemoModel model = new DemoModel(dir.resolve("models"));
        Files.createDirectories(model.folder());
        Files.writeString(model.onnx(), "old model");
        Files.writeString(model.folder().resolve("split.csv"), "old split");
        Files.writeString(model.folder().resolve("README.md"), "kept");
        Path staging = Files.createDirectories(model.folder().resolve(".training-1"));
        Files.writeString(staging.resolve("model.onnx"), "new model");
        Files.writeString(staging.resolve("split.csv"), "new split");
        Files.writeString(staging.resolve("loss.png"), "new plot");

        model.install(staging);

        assertThat(model.onnx()).hasContent("new model");
        assertThat(model.folder().resolve("split.csv")).hasContent("new split");
        assertThat(model.folder().resolve("loss.png")).hasContent("new plot");
        assertThat(model.folder().resolve("README.md")).hasContent("kept");
        try (var left = Files.list(staging)) {
            assertThat(left.toList()).isEmpty();
        }
    }
}
