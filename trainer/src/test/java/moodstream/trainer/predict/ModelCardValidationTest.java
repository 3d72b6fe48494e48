package moodstream.trainer.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import moodstream.core.card.ModelCard;
import moodstream.core.card.ModelCardCodec;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.inference.InferenceOptions;
import moodstream.core.inference.ModelLoadException;
import moodstream.core.inference.OnnxModel;
import moodstream.trainer.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** core's OnnxModel checks the card against the real network it is loaded with. */
class ModelCardValidationTest {
    private static final PreprocessingSpec SPEC = PreprocessingSpec.of(24, 24, 1);

    @Test
    void aModelWithoutACardIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("bare.onnx"), TinyModels.export(SPEC, 2, Map.of()));
        assertThatThrownBy(() -> OnnxModel.load(file, InferenceOptions.CPU))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("bare.onnx").hasMessageContaining("no moodstream model card");
    }

    @Test
    void aCardWhoseInputShapeDiffersFromTheNetworkIsRefused(@TempDir Path dir) throws Exception {
        ModelCard lying = TinyModels.card(PreprocessingSpec.of(32, 32, 1), List.of("happy", "sad"));
        Path file = Files.write(dir.resolve("m.onnx"), TinyModels.export(SPEC, 2, new ModelCardCodec().toMetadata(lying)));
        assertThatThrownBy(() -> OnnxModel.load(file, InferenceOptions.CPU))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("input shape").hasMessageContaining("32");
    }

    @Test
    void aCardWithMoreLabelsThanOutputsIsRefused(@TempDir Path dir) throws Exception {
        ModelCard lying = TinyModels.card(SPEC, List.of("happy", "sad", "angry"));
        Path file = Files.write(dir.resolve("m.onnx"), TinyModels.export(SPEC, 2, new ModelCardCodec().toMetadata(lying)));
        assertThatThrownBy(() -> OnnxModel.load(file, InferenceOptions.CPU))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("output shape").hasMessageContaining("3 labels");
    }

    @Test
    void aGoodModelLoadsWithItsCardAndHash(@TempDir Path dir) throws Exception {
        ModelCard card = TinyModels.card(SPEC, List.of("happy", "sad"));
        Path file = TinyModels.write(dir.resolve("m.onnx"), card);
        try (OnnxModel model = OnnxModel.load(file, InferenceOptions.CPU)) {
            assertThat(model.card().labels()).containsExactly("happy", "sad");
            assertThat(model.sha256()).hasSize(64);
            float[][] rows = model.run(List.of(new float[SPEC.tensorSize()], new float[SPEC.tensorSize()]));
            assertThat(rows).hasNumberOfRows(2);
            assertThat(rows[0][0] + rows[0][1]).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-5f));
        }
    }
}
