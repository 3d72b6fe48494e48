package moodstream.core.inference;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelLoadErrorsTest {
    @Test
    void missingFileNamesThePathAndWhatToDo(@TempDir Path dir) {
        Path missing = dir.resolve("nope.onnx");
        assertThatThrownBy(() -> OnnxModel.load(missing, InferenceOptions.CPU))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("nope.onnx").hasMessageContaining("moodstream train");
    }

    @Test
    void corruptFileIsRefused(@TempDir Path dir) throws Exception {
        Path corrupt = Files.write(dir.resolve("model.onnx"), "this is not protobuf".getBytes());
        assertThatThrownBy(() -> OnnxModel.load(corrupt, InferenceOptions.CPU))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model.onnx").hasMessageContaining("not a loadable ONNX model");
    }
}
