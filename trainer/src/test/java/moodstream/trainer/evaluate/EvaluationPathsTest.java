package moodstream.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import moodstream.core.Sha256;
import moodstream.core.face.DrawnFaces;
import moodstream.core.face.FaceCropSpec;
import moodstream.core.face.FaceDetectorSettings;
import moodstream.core.image.ImageDecoder;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.inference.InferenceOptions;
import moodstream.core.inference.OnnxModel;
import moodstream.core.testing.TestImages;
import moodstream.trainer.TinyModels;
import moodstream.trainer.data.LabelledImage;
import moodstream.trainer.train.TensorLoader;
import moodstream.trainer.train.TensorSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A face-aware model's evaluation reports the face path and the whole-image path apart, and they add up. */
class EvaluationPathsTest {
    private static final List<String> LABELS = List.of("happy", "sad");

    @Test
    void aFaceModelIsScoredPerPath(@TempDir Path dir) throws Exception {
        PreprocessingSpec spec = PreprocessingSpec.of(48, 48, 1).withFaceCrop(new FaceCropSpec(FaceCropSpec.DETECTOR_OPENCV_CASCADE,
                FaceDetectorSettings.DEFAULT, 0.2, 1.0, FaceCropSpec.NO_FACE_WHOLE_IMAGE));
        Evaluation evaluation = evaluate(dir, spec);

        assertThat(evaluation.byPath()).containsOnlyKeys(Evaluation.FACE_PATH, Evaluation.WHOLE_IMAGE_PATH);
        ClassificationMetrics face = evaluation.byPath().get(Evaluation.FACE_PATH);
        ClassificationMetrics whole = evaluation.byPath().get(Evaluation.WHOLE_IMAGE_PATH);
        // Two drawn faces (one per label) are cropped; the three noise images have none.
        assertThat(face.count()).isEqualTo(2);
        assertThat(whole.count()).isEqualTo(3);
        assertThat(face.perClass().get("happy").support()).isEqualTo(1);
        assertThat(whole.perClass().get("sad").support()).isEqualTo(2);
        for (int t = 0; t < 2; t++) {
            for (int p = 0; p < 2; p++) {
                assertThat(face.confusion()[t][p] + whole.confusion()[t][p]).isEqualTo(evaluation.metrics().confusion()[t][p]);
            }
        }
        assertThat(evaluation.describe()).contains("face path (2 of 5 images", "whole-image path (3 of 5 images");
    }

    @Test
    void aWholeImageModelHasNoPaths(@TempDir Path dir) throws Exception {
        Evaluation evaluation = evaluate(dir, PreprocessingSpec.of(48, 48, 1));
        assertThat(evaluation.byPath()).isEmpty();
        assertThat(evaluation.metrics().count()).isEqualTo(5);
        assertThat(evaluation.describe()).doesNotContain("path (");
    }

    private static Evaluation evaluate(Path dir, PreprocessingSpec spec) throws Exception {
        Path model = TinyModels.write(dir.resolve("model.onnx"), TinyModels.card(spec, LABELS));
        List<byte[]> inputs = List.of(
                TestImages.png(DrawnFaces.face(640, 480, 380, 120, 160, 0)),
                TestImages.jpeg(TestImages.noise(300, 200, 1)),
                TestImages.jpeg(DrawnFaces.face(1600, 1200, 300, 200, 400, 0)),
                TestImages.jpeg(TestImages.noise(400, 300, 2)),
                TestImages.jpeg(TestImages.noise(500, 300, 3)));
        List<String> labels = List.of("happy", "happy", "sad", "sad", "sad");
        List<LabelledImage> images = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Path file = Files.write(dir.resolve(labels.get(i) + "-" + i), inputs.get(i));
            images.add(new LabelledImage(file, file.getFileName().toString(), labels.get(i), Sha256.hex(inputs.get(i)),
                    new ImageDecoder(ImageLimits.DEFAULT).decode(inputs.get(i)).info()));
        }
        try (ImageClassifier classifier = new ImageClassifier(OnnxModel.load(model, InferenceOptions.CPU), ImageLimits.DEFAULT)) {
            TensorSet set = new TensorLoader(classifier.preprocessor(), LABELS).load(images);
            return Evaluation.run(classifier, set, 2);
        }
    }
}
