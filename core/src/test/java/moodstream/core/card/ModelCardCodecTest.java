package moodstream.core.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import moodstream.core.face.Cascade;
import moodstream.core.face.FaceCropSpec;
import moodstream.core.face.FaceDetectorSettings;
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

    static ModelCard faceCard() {
        ModelCard plain = card(List.of("happy", "sad"), ModelCard.OutputKind.SIGMOID);
        FaceDetectorSettings settings = new FaceDetectorSettings(List.of(Cascade.HAAR_FRONTALFACE_ALT2, Cascade.HAAR_PROFILEFACE),
                1.1, 3, 0.1, true, List.of(12.0, -12.0), 640, true, true);
        FaceCropSpec face = new FaceCropSpec(FaceCropSpec.DETECTOR_OPENCV_CASCADE, settings, 0.2, 64 / 48.0,
                FaceCropSpec.NO_FACE_WHOLE_IMAGE);
        return new ModelCard(plain.name(), plain.version(), plain.labels(), plain.preprocessing().withFaceCrop(face),
                plain.inputName(), plain.outputName(), plain.output(), plain.threshold(), plain.architecture(),
                plain.trainingData(), plain.testMetrics(), plain.createdAt(), plain.trainerVersion());
    }

    @Test
    void aCardWrittenBeforeTheCropFieldMeansNoCrop() {
        ModelCard card = card(List.of("happy", "sad"), ModelCard.OutputKind.SIGMOID);
        String json = codec.toJson(card);
        assertThat(json).contains("\"crop\" : \"none\"").doesNotContain("\"face\"");
        String old = json.replaceAll(",\\s*\"crop\" : \"none\"", "");
        assertThat(old).doesNotContain("crop");
        ModelCard back = codec.fromMetadata(Map.of(ModelCardCodec.METADATA_KEY, old, ModelCardCodec.FORMAT_KEY, "1"), "old.onnx");
        assertThat(back).isEqualTo(card);
        assertThat(back.preprocessing().crop()).isEqualTo(PreprocessingSpec.CROP_NONE);
        assertThat(codec.toMetadata(card)).containsEntry(ModelCardCodec.FORMAT_KEY, ModelCardCodec.FORMAT);
    }

    @Test
    void aFaceCroppingCardRoundTripsAsFormat2() {
        ModelCard card = faceCard();
        Map<String, String> metadata = codec.toMetadata(card);
        assertThat(metadata).containsEntry(ModelCardCodec.FORMAT_KEY, ModelCardCodec.FORMAT_2);
        assertThat(metadata.get(ModelCardCodec.METADATA_KEY)).contains("\"crop\" : \"face\"")
                .contains("\"haar_frontalface_alt2\"").contains("\"detector\" : \"opencv-4.5.5-cascade\"")
                .contains("\"margin\" : 0.2");
        ModelCard back = codec.fromMetadata(metadata, "m.onnx");
        assertThat(back).isEqualTo(card);
        assertThat(back.preprocessing().face().settings().rotations()).containsExactly(12.0, -12.0);
    }

    /** A face card labelled format 1 would be served whole images by a version that ignores the crop field. */
    @Test
    void refusesAFormatThatDoesNotMatchTheCrop() {
        String face = codec.toJson(faceCard());
        assertThatThrownBy(() -> codec.fromMetadata(Map.of(ModelCardCodec.METADATA_KEY, face, ModelCardCodec.FORMAT_KEY, "1"), "m.onnx"))
                .isInstanceOf(InvalidModelCardException.class).hasMessageContaining("crop is 'face'");
        String plain = codec.toJson(card(List.of("happy", "sad"), ModelCard.OutputKind.SIGMOID));
        assertThatThrownBy(() -> codec.fromMetadata(Map.of(ModelCardCodec.METADATA_KEY, plain, ModelCardCodec.FORMAT_KEY, "2"), "m.onnx"))
                .isInstanceOf(InvalidModelCardException.class).hasMessageContaining("crop is 'none'");
    }

    @Test
    void refusesUnknownOrIncompleteCropSettings() {
        String face = codec.toJson(faceCard());
        for (String[] edit : new String[][] {
            {"\"crop\" : \"face\"", "\"crop\" : \"eyes\"", "crop 'eyes' is not implemented"},
            {"opencv-4.5.5-cascade", "dlib-hog", "face detector 'dlib-hog' is not implemented"},
            {"\"haar_frontalface_alt2\"", "\"haar_eye\"", "unknown face cascade 'haar_eye'"},
            {"\"margin\" : 0.2", "\"margin\" : 3.0", "margin must be 0 to 1"},
            {"\"whole-image\"", "\"skip\"", "noFace must be"},
            {"\"scaleFactor\" : 1.1", "\"scaleFactor\" : 1.0", "scaleFactor must be in (1, 2]"}}) {
            String json = face.replace(edit[0], edit[1]);
            assertThat(json).as(edit[0]).isNotEqualTo(face);
            assertThatThrownBy(() -> codec.fromJson(json, "m.onnx")).as(edit[1])
                    .isInstanceOf(InvalidModelCardException.class).hasMessageContaining(edit[2]);
        }
        assertThatThrownBy(() -> new PreprocessingSpec(48, 48, 1, PreprocessingSpec.RESIZE_AREA, PreprocessingSpec.BACKGROUND_WHITE,
                PreprocessingSpec.LAYOUT_NCHW, PreprocessingSpec.CROP_FACE, null)).hasMessageContaining("needs the face settings");
        assertThatThrownBy(() -> new PreprocessingSpec(48, 48, 1, PreprocessingSpec.RESIZE_AREA, PreprocessingSpec.BACKGROUND_WHITE,
                PreprocessingSpec.LAYOUT_NCHW, PreprocessingSpec.CROP_NONE, faceCard().preprocessing().face()))
                .hasMessageContaining("takes no face settings");
    }

    /** A card as format-1 trainers wrote it before {@code tta} existed, byte for byte in its fields. */
    private static final String CARD_BEFORE_TTA = """
            {
              "name" : "moodstream-happy-sad",
              "version" : "20261124T000000Z",
              "labels" : [ "happy", "sad" ],
              "preprocessing" : { "width" : 48, "height" : 48, "channels" : 1, "resize" : "stretch-area-bilinear",
                                  "background" : "white", "layout" : "NCHW" },
              "inputName" : "image",
              "outputName" : "scores",
              "output" : "SOFTMAX",
              "threshold" : 0.5,
              "architecture" : "compact",
              "trainingData" : { "source" : "data", "seed" : 42, "splitCounts" : { } },
              "testMetrics" : { "accuracy" : 0.876 },
              "createdAt" : "2026-11-24T00:00:00Z",
              "trainerVersion" : "0.1.0"
            }
            """;

    @Test
    void aCardWrittenBeforeTtaExistedReadsAsNoTta() {
        ModelCard old = codec.fromMetadata(Map.of(ModelCardCodec.METADATA_KEY, CARD_BEFORE_TTA, ModelCardCodec.FORMAT_KEY, "1"),
                "old.onnx");
        assertThat(old.tta()).isEqualTo(TestTimeAugmentation.NONE);
        assertThat(old.testMetrics()).containsEntry("accuracy", 0.876);
        // And a card without augmentation is still written as format 1, so older servers keep reading new ones.
        assertThat(codec.toMetadata(old)).containsEntry(ModelCardCodec.FORMAT_KEY, ModelCardCodec.FORMAT);
    }

    @Test
    void anHflipCardRoundTripsAsFormat2() {
        ModelCard card = card(List.of("happy", "sad"), ModelCard.OutputKind.SOFTMAX).withTta(TestTimeAugmentation.HFLIP);
        Map<String, String> metadata = codec.toMetadata(card);
        assertThat(metadata).containsEntry(ModelCardCodec.FORMAT_KEY, ModelCardCodec.FORMAT_2);
        assertThat(metadata.get(ModelCardCodec.METADATA_KEY)).contains("\"tta\" : \"hflip\"");
        assertThat(codec.fromMetadata(metadata, "m.onnx")).isEqualTo(card);
    }

    @Test
    void refusesUnknownTtaAndHflipUnderFormat1() {
        String vflip = CARD_BEFORE_TTA.replace("\"trainerVersion\"", "\"tta\" : \"vflip\",\n  \"trainerVersion\"");
        assertThatThrownBy(() -> codec.fromJson(vflip, "m.onnx"))
                .isInstanceOf(InvalidModelCardException.class).hasMessageContaining("m.onnx").hasMessageContaining("'vflip'");
        // A format-1 reader would ignore the field and serve the image alone: such a card is not what it claims.
        String hflip = codec.toMetadata(card(List.of("happy", "sad"), ModelCard.OutputKind.SOFTMAX)
                .withTta(TestTimeAugmentation.HFLIP)).get(ModelCardCodec.METADATA_KEY);
        Map<String, String> mislabelled = Map.of(ModelCardCodec.METADATA_KEY, hflip, ModelCardCodec.FORMAT_KEY, "1");
        assertThatThrownBy(() -> codec.fromMetadata(mislabelled, "m.onnx"))
                .isInstanceOf(InvalidModelCardException.class).hasMessageContaining("format 1").hasMessageContaining("hflip");
    }
}
