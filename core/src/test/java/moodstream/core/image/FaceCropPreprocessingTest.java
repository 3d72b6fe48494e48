package moodstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import moodstream.core.face.CropRegion;
import moodstream.core.face.DrawnFaces;
import moodstream.core.face.FaceCropSpec;
import moodstream.core.face.FaceDetectorSettings;
import moodstream.core.testing.TestImages;
import org.junit.jupiter.api.Test;

/** The face step inside the one preprocessing path: what a face-cropping card makes of an image. */
class FaceCropPreprocessingTest {
    private static final PreprocessingSpec WHOLE = PreprocessingSpec.of(48, 48, 1);

    private static PreprocessingSpec faces(String noFace) {
        return WHOLE.withFaceCrop(new FaceCropSpec(FaceCropSpec.DETECTOR_OPENCV_CASCADE, FaceDetectorSettings.DEFAULT, 0.2, 1.0,
                noFace));
    }

    @Test
    void theModelSeesTheFaceCropAndTheBoxIsReportedInTheImagesPixels() {
        BufferedImage drawn = DrawnFaces.face(640, 480, 380, 120, 160, 0);
        byte[] png = TestImages.png(drawn);
        try (ImagePreprocessor cropping = new ImagePreprocessor(faces(FaceCropSpec.NO_FACE_WHOLE_IMAGE), ImageLimits.DEFAULT);
             ImagePreprocessor whole = new ImagePreprocessor(WHOLE, ImageLimits.DEFAULT)) {
            PreprocessedImage out = cropping.preprocess(png);
            CropRegion face = out.face();
            assertThat(face).as("a face box for the drawn face").isNotNull();
            // The drawn oval spans x 380-540, y 120-328: the crop holds its centre and stays inside the image.
            assertThat(face.x()).isLessThan(460).isGreaterThanOrEqualTo(0);
            assertThat(face.x() + face.width()).isGreaterThan(460).isLessThanOrEqualTo(640);
            assertThat(face.y()).isLessThan(224);
            assertThat(face.y() + face.height()).isGreaterThan(224).isLessThanOrEqualTo(480);
            assertThat(face.width()).isLessThan(400);

            // The same as preprocessing the crop itself: one path, the crop is its only difference.
            BufferedImage cut = drawn.getSubimage(face.x(), face.y(), face.width(), face.height());
            float[] direct = whole.preprocess(TestImages.png(copy(cut))).pixels();
            assertThat(meanAbsDiff(out.pixels(), direct)).isLessThan(0.01);
            assertThat(meanAbsDiff(out.pixels(), whole.preprocess(png).pixels())).as("not the whole image").isGreaterThan(0.05);
        }
    }

    @Test
    void aPhotoTheDecoderThinsOnOneAxisOnlyStillHasItsFaceFound() {
        // 1600x1200 asked for at least 640 a side arrives as 800x1200: squeezed, a face no cascade finds.
        byte[] png = TestImages.png(DrawnFaces.face(1600, 1200, 300, 200, 400, 0));
        assertThat(new ImageDecoder(ImageLimits.DEFAULT).decode(png, 160, 160).image().getWidth()).isEqualTo(800);
        try (ImagePreprocessor cropping = new ImagePreprocessor(faces(FaceCropSpec.NO_FACE_WHOLE_IMAGE), ImageLimits.DEFAULT)) {
            CropRegion face = cropping.preprocess(png).face();
            assertThat(face).isNotNull();
            assertThat(face.x() + face.width() / 2).isBetween(400, 600); // the oval's centre is at x 500
            assertThat(face.y() + face.height() / 2).isBetween(360, 560); // and y 460
        }
    }

    @Test
    void withoutAFaceTheCardDecidesWholeImageOrNoFace() {
        byte[] plain = TestImages.png(TestImages.solid(200, 150, java.awt.Color.GRAY));
        try (ImagePreprocessor wholeOnMiss = new ImagePreprocessor(faces(FaceCropSpec.NO_FACE_WHOLE_IMAGE), ImageLimits.DEFAULT);
             ImagePreprocessor refuse = new ImagePreprocessor(faces(FaceCropSpec.NO_FACE_DEAD_LETTER), ImageLimits.DEFAULT);
             ImagePreprocessor whole = new ImagePreprocessor(WHOLE, ImageLimits.DEFAULT)) {
            PreprocessedImage out = wholeOnMiss.preprocess(plain);
            assertThat(out.face()).isNull();
            assertThat(out.pixels()).containsExactly(whole.preprocess(plain).pixels());
            assertThatThrownBy(() -> refuse.preprocess(plain)).isInstanceOf(InvalidImageException.class)
                    .satisfies(e -> assertThat(((InvalidImageException) e).error()).isEqualTo(ImageError.NO_FACE))
                    .hasMessageContaining("no face found in the 200x150 image");
        }
    }

    @Test
    void theNoFaceOverrideChangesOnlyWhatHappensWithoutAFace() {
        PreprocessingSpec card = faces(FaceCropSpec.NO_FACE_WHOLE_IMAGE);
        PreprocessingSpec refusing = card.withNoFace(FaceCropSpec.NO_FACE_DEAD_LETTER);
        assertThat(refusing).isEqualTo(faces(FaceCropSpec.NO_FACE_DEAD_LETTER));
        assertThat(refusing.withNoFace(FaceCropSpec.NO_FACE_WHOLE_IMAGE)).isEqualTo(card);
        byte[] face = TestImages.png(DrawnFaces.face(640, 480, 380, 120, 160, 0));
        try (ImagePreprocessor asCard = new ImagePreprocessor(card, ImageLimits.DEFAULT);
             ImagePreprocessor refuse = new ImagePreprocessor(refusing, ImageLimits.DEFAULT)) {
            assertThat(refuse.preprocess(face).pixels()).containsExactly(asCard.preprocess(face).pixels());
        }
        assertThatThrownBy(() -> WHOLE.withNoFace(FaceCropSpec.NO_FACE_DEAD_LETTER))
                .hasMessageContaining("--no-face applies only to a model that crops faces");
        assertThatThrownBy(() -> card.withNoFace("maybe")).hasMessageContaining("--no-face must be whole-image, dead-letter or fallback");
    }

    @Test
    void aSpecWithoutTheFaceStepReportsNoBox() {
        try (ImagePreprocessor whole = new ImagePreprocessor(WHOLE, ImageLimits.DEFAULT)) {
            assertThat(whole.preprocess(TestImages.png(DrawnFaces.face(640, 480, 380, 120, 160, 0))).face()).isNull();
        }
    }

    private static BufferedImage copy(BufferedImage sub) {
        BufferedImage out = new BufferedImage(sub.getWidth(), sub.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        out.getRaster().setRect(sub.getRaster());
        return out;
    }

    private static double meanAbsDiff(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
