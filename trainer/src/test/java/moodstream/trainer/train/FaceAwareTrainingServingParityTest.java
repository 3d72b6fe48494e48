package moodstream.trainer.train;

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
import moodstream.core.image.ImagePreprocessor;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.inference.ImageClassifier;
import moodstream.core.inference.InferenceOptions;
import moodstream.core.inference.OnnxModel;
import moodstream.core.testing.TestImages;
import moodstream.trainer.TinyModels;
import moodstream.trainer.data.LabelledImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training and serving make the same tensor from the same bytes through the face-aware path:
 * the trainer's loader and the classifier the streamer runs, built from the card inside an
 * exported ONNX model, agree to the last bit, with and without a face in the image.
 */
class FaceAwareTrainingServingParityTest {
    @Test
    void theTrainersTensorsAreTheServedModelsTensors(@TempDir Path dir) throws Exception {
        PreprocessingSpec spec = PreprocessingSpec.of(48, 48, 1).withFaceCrop(new FaceCropSpec(FaceCropSpec.DETECTOR_OPENCV_CASCADE,
                FaceDetectorSettings.DEFAULT, 0.2, 1.0, FaceCropSpec.NO_FACE_WHOLE_IMAGE));
        Path model = TinyModels.write(dir.resolve("model.onnx"), TinyModels.card(spec, List.of("happy", "sad")));
        List<byte[]> inputs = List.of(
                TestImages.png(DrawnFaces.face(640, 480, 380, 120, 160, 0)),
                TestImages.jpeg(DrawnFaces.face(1600, 1200, 300, 200, 400, 0)),
                TestImages.jpeg(TestImages.noise(900, 700, 3)));
        List<LabelledImage> images = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Path file = Files.write(dir.resolve("happy-" + i + (i == 0 ? ".png" : ".jpg")), inputs.get(i));
            images.add(new LabelledImage(file, file.getFileName().toString(), "happy", Sha256.hex(inputs.get(i)),
                    new ImageDecoder(ImageLimits.DEFAULT).decode(inputs.get(i)).info()));
        }

        TensorSet trained;
        try (ImagePreprocessor preprocessor = new ImagePreprocessor(spec, ImageLimits.DEFAULT)) {
            trained = new TensorLoader(preprocessor, List.of("happy", "sad")).load(images);
        }
        try (ImageClassifier served = new ImageClassifier(OnnxModel.load(model, InferenceOptions.CPU), ImageLimits.DEFAULT)) {
            assertThat(served.card().preprocessing()).isEqualTo(spec);
            int faces = 0;
            for (int i = 0; i < inputs.size(); i++) {
                var out = served.preprocessor().preprocess(inputs.get(i));
                assertThat(out.pixels()).as("image %d", i).containsExactly(trained.pixels().get(i));
                faces += out.face() == null ? 0 : 1;
            }
            assertThat(faces).as("the drawn faces were cropped, the noise was not").isEqualTo(2);
        }
    }
}
