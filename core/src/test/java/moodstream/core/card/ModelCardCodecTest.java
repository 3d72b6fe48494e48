package moodstream.core.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import moodstream.core.image.PreprocessingSpec;
import org.junit.jupiter.api.Test;

class ModelCardCodecTest {
    private final ModelCardCodec codec = new ModelCardCodec();

    static ModelCard card(List<String> labels, ModelCard.OutputKind kind) {
        return new ModelCard("moodstream-happy-sad", "test", labels, PreprocessingSpec.of(64, 48, 3), "image", "scores",
                kind, 0.5, "tutorial",
                new ModelCard.TrainingDataSummary("data", 42, Map.of("train", Map.of("happy", 7, "sad", 5))),
                Map.of("accuracy", 0.9), Instant.parse("2026-11-24T00:00:00Z"), "0.1.0");
    }

    @Test
    void roundTripsThroughOnnxMetadata() {
        ModelCard card = card(List.of("happy", "sad"), ModelCard.OutputKind.SIGMOID);
        ModelCard back = codec.fromMetadata(codec.toMetadata(card), "m.onnx");
        assertThat(back).isEqualTo(card);
        assertThat(back.outputWidth()).isEqualTo(1);
        assertThat(card(List.of("a", "b", "c"), ModelCard.OutputKind.SOFTMAX).outputWidth()).isEqualTo(3);
    }

    @Test
    void refusesModelsWithoutACardOrWithANewerFormat() {
        assertThatThrownBy(() -> codec.fromMetadata(Map.of(), "m.onnx"))
                .isInstanceOf(InvalidModelCardException.class).hasMessageContaining("m.onnx").hasMessageContaining("no moodstream model card");
        Map<String, String> newer = Map.of(ModelCardCodec.METADATA_KEY, "{}", ModelCardCodec.FORMAT_KEY, "99");
        assertThatThrownBy(() -> codec.fromMetadata(newer, "m.onnx")).hasMessageContaining("format 99");
    }

    @Test
    void refusesInconsistentCards() {
        assertThatThrownBy(() -> ModelCardCodec.validate(card(List.of("happy"), ModelCard.OutputKind.SOFTMAX)))
                .hasMessageContaining("at least 2 labels");
        assertThatThrownBy(() -> ModelCardCodec.validate(card(List.of("a", "b", "c"), ModelCard.OutputKind.SIGMOID)))
                .hasMessageContaining("exactly 2 labels");
        String json = codec.toJson(card(List.of("happy", "sad"), ModelCard.OutputKind.SIGMOID)).replace("\"NCHW\"", "\"NHWC\"");
        assertThatThrownBy(() -> codec.fromJson(json, "m.onnx"))
                .isInstanceOf(InvalidModelCardException.class).hasMessageContaining("NHWC");
        assertThatThrownBy(() -> codec.fromJson("{not json", "m.onnx")).isInstanceOf(InvalidModelCardException.class);
    }
}
