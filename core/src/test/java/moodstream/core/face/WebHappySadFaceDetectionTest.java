package moodstream.core.face;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import moodstream.core.image.ImageDecoder;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.InvalidImageException;
import moodstream.core.testing.SharedDatasets;
import org.junit.jupiter.api.Test;

/**
 * The chosen detector on the real photos: face-scan measured (docs/training.md) faces in
 * 96 of 151 happy (63.6%) and 87 of 150 sad (58.0%) photos, a gap of 5.6 points. The bars sit
 * a few points below, so a broken cascade path, a changed default or a detector that favours
 * one class again fails here.
 */
class WebHappySadFaceDetectionTest {
    private static final double MIN_HAPPY = 0.58;
    private static final double MIN_SAD = 0.52;
    private static final double MAX_GAP = 0.12;

    @Test
    void theChosenDetectorFindsFacesInBothClassesAlike() throws IOException {
        Path data = SharedDatasets.require("web-happy-sad");
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        try (FaceDetector detector = FaceDetector.open(FaceDetectorSettings.DEFAULT)) {
            double happy = rate(detector, decoder, data.resolve("happy"));
            double sad = rate(detector, decoder, data.resolve("sad"));
            assertThat(happy).as("share of happy photos with a face").isGreaterThanOrEqualTo(MIN_HAPPY);
            assertThat(sad).as("share of sad photos with a face").isGreaterThanOrEqualTo(MIN_SAD);
            assertThat(Math.abs(happy - sad)).as("happy %.3f against sad %.3f", happy, sad).isLessThanOrEqualTo(MAX_GAP);
        }
    }

    private static double rate(FaceDetector detector, ImageDecoder decoder, Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).as("images in %s", dir).hasSizeGreaterThan(100);
        int images = 0;
        int found = 0;
        for (Path file : files) {
            try {
                var image = decoder.decode(Files.readAllBytes(file)).image();
                images++;
                if (!detector.detect(image).isEmpty()) {
                    found++;
                }
            } catch (InvalidImageException e) {
                // The decoder's business; none of these photos is refused today.
            }
        }
        return (double) found / images;
    }
}
