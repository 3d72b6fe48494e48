package moodstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import moodstream.core.face.DrawnFaces;
import moodstream.core.face.FaceCropSpec;
import moodstream.core.face.FaceDetectorSettings;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.ImagePreprocessor;
import moodstream.core.image.PreprocessingSpec;
import moodstream.core.testing.TestImages;
import moodstream.trainer.train.TensorLoader;
import moodstream.trainer.train.TensorSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run decodes each file once: the cleaner judges it through the model's preprocessor
 * and keeps the tensor, and the loader uses that tensor instead of reading the file again.
 */
class DecodeOnceTest {
    private static final CleanOptions OPTIONS = new CleanOptions(ImageLimits.DEFAULT, 32, Optional.empty());

    @Test
    void theCleanersTensorsAreTheLoadersAndNoFileIsReadTwice(@TempDir Path dir) throws Exception {
        DataFolder data = new DataFolder(dir.resolve("data"));
        for (int i = 0; i < 4; i++) {
            data.write("happy/h" + i + ".png", DataFolder.png(i));
            data.write("sad/s" + i + ".jpg", DataFolder.jpeg(100 + i));
        }
        data.write("sad/broken.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
        PreprocessingSpec spec = PreprocessingSpec.of(24, 24, 1);
        try (ImagePreprocessor preprocessor = new ImagePreprocessor(spec, ImageLimits.DEFAULT)) {
            Cleaned cleaned = new DatasetCleaner(OPTIONS, preprocessor).cleanAndPreprocess(data.root());
            assertThat(cleaned.report().kept()).hasSize(8);
            assertThat(cleaned.report().rejected()).extracting(Rejection::reason).containsExactly(Rejection.Reason.CORRUPT);
            for (LabelledImage image : cleaned.report().kept()) {
                assertThat(cleaned.tensor(image)).as(image.relativePath()).isPresent();
                assertThat(cleaned.tensor(image).get().pixels()).isEqualTo(preprocessor.preprocess(Files.readAllBytes(image.path())).pixels());
            }

            // Gone from disk: loading must not need the files any more.
            for (LabelledImage image : cleaned.report().kept()) {
                Files.delete(image.path());
            }
            TensorSet set = new TensorLoader(preprocessor, cleaned.report().labels(), cleaned.tensors()).load(cleaned.report().kept());
            assertThat(set.size()).isEqualTo(8);
            assertThat(set.pixels().get(0)).isEqualTo(cleaned.tensor(cleaned.report().kept().get(0)).orElseThrow().pixels());
        }
    }

    @Test
    void aCleanWithoutAModelKeepsNoTensors(@TempDir Path dir) {
        DataFolder data = new DataFolder(dir.resolve("data"));
        data.write("happy/h.png", DataFolder.png(1));
        data.write("sad/s.png", DataFolder.png(2));
        Cleaned cleaned = new DatasetCleaner(OPTIONS).cleanAndPreprocess(data.root());
        assertThat(cleaned.report().kept()).hasSize(2);
        assertThat(cleaned.tensors()).isEmpty();
    }

    @Test
    void aModelThatDeadLettersFacelessImagesRejectsThemAsNoFace(@TempDir Path dir) throws Exception {
        DataFolder data = new DataFolder(dir.resolve("data"));
        data.write("happy/face.png", TestImages.png(DrawnFaces.face(640, 480, 380, 120, 160, 0)));
        data.write("happy/noise.png", TestImages.png(TestImages.noise(300, 200, 3)));
        data.write("sad/face.jpg", TestImages.jpeg(DrawnFaces.face(1600, 1200, 300, 200, 400, 0)));
        PreprocessingSpec spec = PreprocessingSpec.of(48, 48, 1).withFaceCrop(new FaceCropSpec(FaceCropSpec.DETECTOR_OPENCV_CASCADE,
                FaceDetectorSettings.DEFAULT, 0.2, 1.0, FaceCropSpec.NO_FACE_DEAD_LETTER));
        try (ImagePreprocessor preprocessor = new ImagePreprocessor(spec, ImageLimits.DEFAULT)) {
            Cleaned cleaned = new DatasetCleaner(OPTIONS, preprocessor).cleanAndPreprocess(data.root());
            assertThat(cleaned.report().kept()).extracting(LabelledImage::relativePath).containsExactly("happy/face.png", "sad/face.jpg");
            assertThat(cleaned.report().rejected()).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo(Rejection.Reason.NO_FACE);
                assertThat(r.relativePath()).isEqualTo("happy/noise.png");
            });
        }
    }
}
