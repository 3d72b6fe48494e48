package moodstream.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import moodstream.core.Sha256;
import moodstream.core.card.InvalidModelCardException;
import moodstream.core.card.ModelCard;
import moodstream.core.card.ModelCardCodec;
import moodstream.core.face.DrawnFaces;
import moodstream.core.face.FaceCropSpec;
import moodstream.core.face.FaceDetectorSettings;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.ImagePreprocessor;
import moodstream.core.image.PreprocessedImage;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.inference.Classification;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.inference.InferenceOptions;
import moodstream.core.inference.ModelLoadException;
import moodstream.core.testing.TestImages;
import moodstream.trainer.TinyModels;
import moodstream.trainer.TrainerCli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A face model bundled with a whole-image fallback: images with a face go to the face model, the
 * others to the fallback with the tensor its own preprocessing makes from the bytes, and the
 * pair is refused when its files do not belong together.
 */
class FallbackBundleTest {
    private static final List<String> LABELS = List.of("happy", "sad");
    private static final PreprocessingSpec FACE_SPEC = PreprocessingSpec.of(48, 48, 1).withFaceCrop(new FaceCropSpec(
            FaceCropSpec.DETECTOR_OPENCV_CASCADE, FaceDetectorSettings.DEFAULT, 0.2, 1.0, FaceCropSpec.NO_FACE_WHOLE_IMAGE));
    /** Another shape than the face model's, so a tensor sent to the wrong network could not run. */
    private static final PreprocessingSpec WHOLE_SPEC = PreprocessingSpec.of(32, 24, 3);

    @TempDir
    Path dir;
    Path face;
    Path whole;
    Path bundle;
    String err;

    @BeforeEach
    void models() throws IOException {
        face = TinyModels.write(dir.resolve("face.onnx"), TinyModels.card(FACE_SPEC, LABELS));
        whole = TinyModels.write(dir.resolve("whole.onnx"), TinyModels.card(WHOLE_SPEC, LABELS));
        bundle = dir.resolve("bundle");
    }

    private int run(String... args) {
        StringWriter errors = new StringWriter();
        int code = TrainerCli.run(new PrintWriter(errors, true), args);
        err = errors.toString();
        return code;
    }

    private ImageClassifier open(Optional<String> noFace) {
        return ImageClassifier.open(bundle.resolve("model.onnx"), InferenceOptions.CPU, ImageLimits.DEFAULT, noFace);
    }

    @Test
    void imagesWithoutAFaceGoToTheFallbackWithItsOwnTensor() throws IOException {
        assertThat(run("bundle", "--face", face.toString(), "--fallback", whole.toString(), "--out", bundle.toString()))
                .as(err).isZero();
        assertThat(Files.readAllBytes(bundle.resolve("fallback.onnx"))).isEqualTo(Files.readAllBytes(whole));
        ModelCard card = new ModelCardCodec().fromJson(Files.readString(bundle.resolve("model-card.json")), "model-card.json");
        assertThat(card.preprocessing().face().noFace()).isEqualTo(FaceCropSpec.NO_FACE_FALLBACK);
        // The route's defaults: twice the face model's 48 px input, and gray images stay with the face model.
        assertThat(card.fallback()).isEqualTo(new ModelCard.FallbackModel("fallback.onnx", Sha256.hex(Files.readAllBytes(whole)), 96, true, false));

        byte[] withFace = TestImages.jpeg(DrawnFaces.face(640, 480, 380, 120, 160, 0));
        byte[] noFace = TestImages.jpeg(TestImages.noise(400, 300, 7));
        try (ImageClassifier pair = open(Optional.empty());
             ImageClassifier faceAlone = ImageClassifier.open(face, InferenceOptions.CPU, ImageLimits.DEFAULT, Optional.empty());
             ImageClassifier wholeAlone = ImageClassifier.open(whole, InferenceOptions.CPU, ImageLimits.DEFAULT, Optional.empty());
             ImagePreprocessor wholePreprocessing = new ImagePreprocessor(WHOLE_SPEC, ImageLimits.DEFAULT)) {
            assertThat(pair.fallback()).isPresent();
            PreprocessedImage a = pair.preprocessor().preprocess(withFace);
            PreprocessedImage b = pair.preprocessor().preprocess(noFace);
            assertThat(a.path()).isEqualTo(PreprocessedImage.PATH_FACE);
            assertThat(b.path()).isEqualTo(PreprocessedImage.PATH_FALLBACK);
            assertThat(b.face()).isNull();
            // The tensor the fallback was trained on, to the bit: its own preprocessing of the bytes.
            assertThat(b.pixels()).isEqualTo(wholePreprocessing.preprocess(noFace).pixels());

            // One call for a mixed list: each result is its own network's, in the list's order.
            List<Classification> both = pair.classifyAll(List.of(b, a, b));
            assertThat(both.get(0)).isEqualTo(wholeAlone.classify(noFace));
            assertThat(both.get(1)).isEqualTo(faceAlone.classify(withFace));
            assertThat(both.get(2)).isEqualTo(both.get(0));
        }
    }

    @Test
    void blendedBundlesAverageBothNetworksOnPhotosWithAFaceOnly() throws IOException {
        assertThat(run("bundle", "--face", face.toString(), "--fallback", whole.toString(), "--out", bundle.toString(),
                "--blend-faces")).as(err).isZero();
        ModelCard card = new ModelCardCodec().fromJson(Files.readString(bundle.resolve("model-card.json")), "model-card.json");
        assertThat(card.fallback().blendFaces()).isTrue();

        byte[] colourFace = TestImages.jpeg(DrawnFaces.inColour(DrawnFaces.face(640, 480, 380, 120, 160, 0)));
        byte[] grayFace = TestImages.png(gray(DrawnFaces.face(640, 480, 380, 120, 160, 0), BufferedImage.TYPE_BYTE_GRAY));
        byte[] noFace = TestImages.jpeg(TestImages.noise(400, 300, 7));
        try (ImageClassifier pair = open(Optional.empty());
             ImageClassifier faceAlone = ImageClassifier.open(face, InferenceOptions.CPU, ImageLimits.DEFAULT, Optional.empty());
             ImageClassifier wholeAlone = ImageClassifier.open(whole, InferenceOptions.CPU, ImageLimits.DEFAULT, Optional.empty());
             ImagePreprocessor wholePreprocessing = new ImagePreprocessor(WHOLE_SPEC, ImageLimits.DEFAULT)) {
            PreprocessedImage blended = pair.preprocessor().preprocess(colourFace);
            assertThat(blended.path()).isEqualTo(PreprocessedImage.PATH_FACE_AND_FALLBACK);
            assertThat(blended.face()).isNotNull();
            // Each network sees what it alone would: the crop, and the fallback's own tensor of the whole photo.
            assertThat(blended.pixels()).isEqualTo(faceAlone.preprocessor().preprocess(colourFace).pixels());
            assertThat(blended.scene()).isEqualTo(wholePreprocessing.preprocess(colourFace).pixels());
            Classification f = faceAlone.classify(colourFace);
            Classification w = wholeAlone.classify(colourFace);
            Classification both = pair.classify(blended);
            for (String label : LABELS) {
                assertThat(both.scores().get(label)).as(label).isCloseTo((f.scores().get(label) + w.scores().get(label)) / 2,
                        within(1e-6));
            }
            assertThat(both.label()).isEqualTo(both.scores().get("sad") >= 0.5 ? "sad" : "happy");
            // In a mixed call, each image keeps its own result.
            PreprocessedImage faceless = pair.preprocessor().preprocess(noFace);
            List<Classification> mixed = pair.classifyAll(List.of(faceless, blended, faceless));
            assertThat(mixed.get(1)).isEqualTo(both);
            assertThat(mixed.get(0)).isEqualTo(wholeAlone.classify(noFace)).isEqualTo(mixed.get(2));
            // A gray face, as face crops are, is not a photo for the fallback: the face network alone.
            PreprocessedImage gray = pair.preprocessor().preprocess(grayFace);
            assertThat(gray.path()).isEqualTo(PreprocessedImage.PATH_FACE);
            assertThat(gray.scene()).isNull();
            assertThat(pair.classify(gray)).isEqualTo(faceAlone.classify(grayFace));
        }
        // Without the flag, the same photo is the face network's alone.
        assertThat(run("bundle", "--face", face.toString(), "--fallback", whole.toString(), "--out", bundle.toString()))
                .as(err).isZero();
        try (ImageClassifier pair = open(Optional.empty())) {
            assertThat(pair.preprocessor().preprocess(colourFace).path()).isEqualTo(PreprocessedImage.PATH_FACE);
        }
    }

    @Test
    void smallAndGrayImagesWithoutAFaceStayWithTheFaceModel() throws IOException {
        assertThat(run("bundle", "--face", face.toString(), "--fallback", whole.toString(), "--out", bundle.toString()))
                .as(err).isZero();
        byte[] scene = TestImages.png(TestImages.noise(400, 300, 5));
        byte[] justLarge = TestImages.png(TestImages.noise(96, 200, 6));
        byte[] small = TestImages.png(TestImages.noise(95, 200, 6));
        byte[] storedGray = TestImages.png(gray(TestImages.noise(400, 300, 8), BufferedImage.TYPE_BYTE_GRAY));
        byte[] grayInRgb = TestImages.jpeg(gray(TestImages.noise(400, 300, 9), BufferedImage.TYPE_INT_RGB));
        try (ImageClassifier pair = open(Optional.empty());
             ImagePreprocessor faceOnly = new ImagePreprocessor(FACE_SPEC, ImageLimits.DEFAULT)) {
            assertThat(pair.preprocessor().preprocess(scene).path()).isEqualTo(PreprocessedImage.PATH_FALLBACK);
            assertThat(pair.preprocessor().preprocess(justLarge).path()).isEqualTo(PreprocessedImage.PATH_FALLBACK);
            for (byte[] stays : List.of(small, storedGray, grayInRgb)) {
                PreprocessedImage image = pair.preprocessor().preprocess(stays);
                assertThat(image.path()).isEqualTo(PreprocessedImage.PATH_WHOLE_IMAGE);
                // Exactly what the face model alone makes of it: the tensor it was trained on.
                assertThat(image.pixels()).isEqualTo(faceOnly.preprocess(stays).pixels());
            }
        }
        // Routing every image without a face to the fallback, as bundles made before the route did.
        assertThat(run("bundle", "--face", face.toString(), "--fallback", whole.toString(), "--out", bundle.toString(),
                "--fallback-min-side", "0", "--no-fallback-color-only")).as(err).isZero();
        try (ImageClassifier pair = open(Optional.empty())) {
            for (byte[] goes : List.of(small, storedGray, grayInRgb)) {
                assertThat(pair.preprocessor().preprocess(goes).path()).isEqualTo(PreprocessedImage.PATH_FALLBACK);
            }
        }
        assertThat(run("bundle", "--face", face.toString(), "--fallback", whole.toString(), "--out", dir.resolve("b2").toString(),
                "--fallback-min-side", "-1")).isEqualTo(2);
        assertThat(err).contains("--fallback-min-side must be 0 or more");
        assertThat(dir.resolve("b2").resolve("model.onnx")).doesNotExist();
    }

    /** {@code image}'s luma in an image of {@code type}: stored gray, or gray in three equal channels. */
    private static BufferedImage gray(BufferedImage image, int type) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), type);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int l = (((rgb >> 16) & 255) * 3 + ((rgb >> 8) & 255) * 6 + (rgb & 255)) / 10;
                out.getRaster().setPixel(x, y, type == BufferedImage.TYPE_BYTE_GRAY ? new int[] {l} : new int[] {l, l, l});
            }
        }
        return out;
    }

    @Test
    void noFaceOverridesChooseThePathAndNeedNoFallbackFile() throws IOException {
        assertThat(run("bundle", "--face", face.toString(), "--fallback", whole.toString(), "--out", bundle.toString())).isZero();
        byte[] noFace = TestImages.png(TestImages.noise(300, 200, 3));
        try (ImageClassifier wholeImage = open(Optional.of(FaceCropSpec.NO_FACE_WHOLE_IMAGE))) {
            assertThat(wholeImage.fallback()).isEmpty();
            assertThat(wholeImage.preprocessor().preprocess(noFace).path()).isEqualTo(PreprocessedImage.PATH_WHOLE_IMAGE);
        }
        Files.delete(bundle.resolve("fallback.onnx"));
        try (ImageClassifier refusing = open(Optional.of(FaceCropSpec.NO_FACE_DEAD_LETTER))) {
            assertThat(refusing.fallback()).isEmpty();
        }
        assertThatThrownBy(() -> open(Optional.empty())).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("fallback.onnx").hasMessageContaining("not there").hasMessageContaining("keep the two files together");
        assertThatThrownBy(() -> ImageClassifier.open(face, InferenceOptions.CPU, ImageLimits.DEFAULT,
                Optional.of(FaceCropSpec.NO_FACE_FALLBACK))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("names no fallback model");
    }

    @Test
    void aFallbackFileThatIsNotTheOneTheCardNamesIsRefused() throws IOException {
        assertThat(run("bundle", "--face", face.toString(), "--fallback", whole.toString(), "--out", bundle.toString())).isZero();
        Path other = TinyModels.write(dir.resolve("other.onnx"), TinyModels.card(WHOLE_SPEC, LABELS, "other-version"));
        Files.copy(other, bundle.resolve("fallback.onnx"), StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> open(Optional.empty())).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("is not the one").hasMessageContaining(Sha256.hex(Files.readAllBytes(whole)))
                .hasMessageContaining("replace both files together");
    }

    @Test
    void bundleRefusesModelsThatDoNotPair() throws IOException {
        Path otherLabels = TinyModels.write(dir.resolve("other-labels.onnx"), TinyModels.card(WHOLE_SPEC, List.of("calm", "angry")));
        List<String[]> wrong = new ArrayList<>();
        wrong.add(new String[] {"--face", whole.toString(), "--fallback", whole.toString(), "does not crop faces"});
        wrong.add(new String[] {"--face", face.toString(), "--fallback", face.toString(), "crops faces: --fallback takes"});
        wrong.add(new String[] {"--face", face.toString(), "--fallback", otherLabels.toString(), "label different classes"});
        wrong.add(new String[] {"--face", face.toString(), "--fallback", dir.resolve("missing.onnx").toString(),
            "--fallback " + dir.resolve("missing.onnx") + " is not a file"});
        wrong.add(new String[] {"--face", dir.resolve("gone.onnx").toString(), "--fallback", whole.toString(), "--face "});
        for (String[] w : wrong) {
            assertThat(run("bundle", w[0], w[1], w[2], w[3], "--out", bundle.toString())).as(String.join(" ", w)).isEqualTo(2);
            assertThat(err).as(String.join(" ", w)).contains(w[4]);
            assertThat(bundle.resolve("model.onnx")).as("nothing half-written").doesNotExist();
        }
    }

    @Test
    void aCardWhoseFallbackAndNoFaceDisagreeIsRefused() throws IOException {
        ModelCard plain = TinyModels.card(FACE_SPEC, LABELS);
        ModelCard bundled = plain.withFallback(new ModelCard.FallbackModel("fallback.onnx", "ab".repeat(32), 96, true, false));
        ModelCardCodec codec = new ModelCardCodec();
        assertThat(codec.fromJson(codec.toJson(bundled), "card")).isEqualTo(bundled);
        // A bundle made before the route: every image without a face went to the fallback, and still does.
        String beforeTheRoute = codec.toJson(bundled).replaceAll(",\\s*\"minSide\" : 96", "").replaceAll(",\\s*\"colorOnly\" : true", "");
        assertThat(beforeTheRoute).doesNotContain("minSide").doesNotContain("colorOnly");
        assertThat(codec.fromJson(beforeTheRoute, "card").fallback()).isEqualTo(new ModelCard.FallbackModel("fallback.onnx", "ab".repeat(32), 0, false, false));
        // The blend is written only when on, so bundles without it keep their cards byte for byte.
        assertThat(codec.toJson(bundled)).doesNotContain("blendFaces");
        ModelCard blended = plain.withFallback(new ModelCard.FallbackModel("fallback.onnx", "ab".repeat(32), 96, true, true));
        assertThat(codec.toJson(blended)).contains("\"blendFaces\" : true");
        assertThat(codec.fromJson(codec.toJson(blended), "card")).isEqualTo(blended);
        String negative = codec.toJson(bundled).replace("\"minSide\" : 96", "\"minSide\" : -4");
        assertThatThrownBy(() -> codec.fromJson(negative, "card")).isInstanceOf(InvalidModelCardException.class)
                .hasMessageContaining("minSide must be 0 or more");
        String sendsWithoutNaming = codec.toJson(plain).replace("\"noFace\" : \"whole-image\"", "\"noFace\" : \"fallback\"");
        assertThatThrownBy(() -> codec.fromJson(sendsWithoutNaming, "card")).isInstanceOf(InvalidModelCardException.class)
                .hasMessageContaining("names none");
        String outside = codec.toJson(bundled).replace("\"fallback.onnx\"", "\"../elsewhere.onnx\"");
        assertThatThrownBy(() -> codec.fromJson(outside, "card")).isInstanceOf(InvalidModelCardException.class)
                .hasMessageContaining("a file name in the model's own folder");
    }
}
