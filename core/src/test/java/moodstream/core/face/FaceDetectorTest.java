package moodstream.core.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import moodstream.core.testing.TestImages;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.junit.jupiter.api.Test;

/**
 * The detector's plumbing, on generated images ({@link DrawnFaces}); how well a cascade finds
 * real faces is checked on the photo set (WebHappySadFaceDetectionTest).
 */
class FaceDetectorTest {
    /** Every raw window the cascade accepts (minNeighbors 0): many boxes, to check where they land. */
    private static FaceDetectorSettings raw(Cascade cascade, boolean mirrored, List<Double> rotations, int maxSide) {
        return new FaceDetectorSettings(List.of(cascade), 1.1, 0, 0.05, mirrored, rotations, maxSide, true, false);
    }

    @Test
    void everyShippedCascadeLoads() {
        try (FaceDetector detector = new FaceDetector(new FaceDetectorSettings(List.of(Cascade.values()), 1.1, 3, 0.1, true,
                List.of(), 0, true, false), 1)) {
            assertThat(detector.detect(TestImages.solid(64, 48, Color.GRAY))).isEmpty();
        }
    }

    @Test
    void findsNoFaceInUniformOrNoiseImages() {
        FaceDetectorSettings s = new FaceDetectorSettings(List.of(Cascade.HAAR_FRONTALFACE_DEFAULT, Cascade.HAAR_PROFILEFACE),
                1.1, 3, 0.1, true, List.of(12.0, -12.0), 640, true, false);
        try (FaceDetector detector = new FaceDetector(s, 1)) {
            for (Color c : new Color[] {Color.BLACK, Color.WHITE, Color.GRAY}) {
                assertThat(detector.detect(TestImages.solid(400, 300, c))).as("solid %s", c).isEmpty();
            }
            assertThat(detector.detect(TestImages.halves(400, 300, Color.BLACK, Color.WHITE))).isEmpty();
            for (long seed = 1; seed <= 3; seed++) {
                assertThat(detector.detect(TestImages.noise(400, 300, seed))).as("noise seed %d", seed).isEmpty();
            }
        }
    }

    @Test
    void findsADrawnFrontalFaceWhereItWasDrawn() {
        BufferedImage image = DrawnFaces.face(400, 300, 220, 60, 120, 0);
        FaceBox drawn = new FaceBox(220, 60, 120, 156);
        for (Cascade c : List.of(Cascade.HAAR_FRONTALFACE_DEFAULT, Cascade.HAAR_FRONTALFACE_ALT2, Cascade.LBP_FRONTALFACE)) {
            try (FaceDetector detector = new FaceDetector(FaceDetectorSettings.single(c, 1.1, 3, 0.1), 1)) {
                List<FaceBox> boxes = detector.detect(image);
                assertThat(boxes).as(c.id()).isNotEmpty();
                assertThat(boxes.get(0).iou(drawn)).as("%s: %s against the drawn %s", c.id(), boxes.get(0), drawn).isGreaterThan(0.3);
            }
        }
    }

    /** Reduced to 200 px on the long side, the face is still found, in the full-size coordinates. */
    @Test
    void boxesFromTheReducedImageAreInTheGivenImagesCoordinates() {
        BufferedImage small = DrawnFaces.face(200, 150, 30, 20, 60, 0);
        BufferedImage large = DrawnFaces.enlarged(small, 3);
        List<FaceBox> atSmall;
        List<FaceBox> atLarge;
        try (FaceDetector asGiven = new FaceDetector(FaceDetectorSettings.single(Cascade.HAAR_FRONTALFACE_DEFAULT, 1.1, 3, 0.1), 1);
             FaceDetector reduced = new FaceDetector(FaceDetectorSettings.single(Cascade.HAAR_FRONTALFACE_DEFAULT, 1.1, 3, 0.1)
                     .withMaxSide(200), 1)) {
            atSmall = asGiven.detect(small);
            atLarge = reduced.detect(large);
        }
        // Area-reducing a 3x block-enlarged image gives the original back exactly: the same boxes, times 3.
        assertThat(atSmall).isNotEmpty();
        assertThat(atLarge).containsExactlyElementsOf(atSmall.stream()
                .map(b -> new FaceBox(3 * b.x(), 3 * b.y(), 3 * b.width(), 3 * b.height())).toList());
    }

    @Test
    void rawHitsLieInsideTheImageWithMirrorRotationAndReduction() {
        BufferedImage blobs = DrawnFaces.blobs(301, 203, 16, 3);
        try (FaceDetector detector = new FaceDetector(raw(Cascade.LBP_PROFILEFACE, true, List.of(15.0, -15.0), 128), 1)) {
            List<FaceBox> boxes = detector.detect(blobs);
            assertThat(boxes).isNotEmpty();
            for (FaceBox b : boxes) {
                assertThat(b.fitsIn(301, 203)).as("%s inside 301x203", b).isTrue();
            }
            for (int i = 1; i < boxes.size(); i++) {
                assertThat(boxes.get(i).area()).isLessThanOrEqualTo(boxes.get(i - 1).area());
            }
        }
    }

    @Test
    void keepsNoTwoBoxesOfOneFace() {
        try (FaceDetector detector = new FaceDetector(raw(Cascade.LBP_FRONTALFACE, false, List.of(), 0), 1)) {
            List<FaceBox> boxes = detector.detect(DrawnFaces.blobs(200, 160, 64, 3));
            assertThat(boxes).hasSizeGreaterThan(1);
            for (int i = 0; i < boxes.size(); i++) {
                for (int j = i + 1; j < boxes.size(); j++) {
                    assertThat(boxes.get(i).iou(boxes.get(j))).isLessThanOrEqualTo(FaceDetector.SAME_FACE_IOU);
                }
            }
        }
    }

    /** The mirror pass of a one-sided cascade finds, flipped back, what the plain pass finds on the mirror image. */
    @Test
    void theMirrorPassFindsTheMirrorImagesFaces() {
        BufferedImage blobs = DrawnFaces.blobs(200, 160, 16, 3);
        List<FaceBox> plainOnMirror;
        List<FaceBox> bothOnOriginal;
        try (FaceDetector plain = new FaceDetector(raw(Cascade.LBP_PROFILEFACE, false, List.of(), 0), 1);
             FaceDetector both = new FaceDetector(raw(Cascade.LBP_PROFILEFACE, true, List.of(), 0), 1)) {
            plainOnMirror = plain.detect(DrawnFaces.mirrored(blobs));
            bothOnOriginal = both.detect(blobs);
        }
        assertThat(plainOnMirror).isNotEmpty();
        for (FaceBox b : plainOnMirror) {
            FaceBox back = new FaceBox(200 - b.x() - b.width(), b.y(), b.width(), b.height());
            // Found as such, or merged into a kept box of the same face.
            assertThat(bothOnOriginal).anySatisfy(k -> assertThat(k.iou(back)).isGreaterThan(FaceDetector.SAME_FACE_IOU - 1e-9));
        }
    }

    /**
     * A face turned 25 degrees is found by the pass that turns it back, at the drawn place. The
     * face is off the image centre, about which the passes turn, so mapping its box back the
     * wrong way round would land some 100 px away.
     */
    @Test
    void aRotationPassFindsATurnedFaceWhereItIs() {
        BufferedImage turned = DrawnFaces.face(400, 400, 50, 60, 120, 25);
        double cx = 50 + 60;
        double cy = 60 + 78;
        List<String> seen = new ArrayList<>();
        for (double angle : new double[] {25, -25}) {
            try (FaceDetector detector = new FaceDetector(new FaceDetectorSettings(List.of(Cascade.HAAR_FRONTALFACE_ALT2), 1.1, 3, 0.1,
                    false, List.of(angle), 0, true, false), 1)) {
                List<FaceBox> boxes = detector.detect(turned);
                seen.add(angle + ": " + boxes);
                if (!boxes.isEmpty()) {
                    FaceBox b = boxes.get(0);
                    assertThat(Math.hypot(b.x() + b.width() / 2.0 - cx, b.y() + b.height() / 2.0 - cy))
                            .as("centre of %s (pass %s deg) against the drawn centre %s,%s", b, angle, cx, cy).isLessThan(25);
                    return;
                }
            }
        }
        throw new AssertionError("neither a +25 nor a -25 degree pass found the turned face: " + seen);
    }

    /** unrotated() inverts OpenCV's own rotation matrix, whatever its sign convention. */
    @Test
    void unrotatingInvertsOpenCvsRotation() {
        int w = 300;
        int h = 200;
        for (double angle : new double[] {12, -12, 45}) {
            try (PointerScope scope = new PointerScope()) {
                Mat m = opencv_imgproc.getRotationMatrix2D(new Point2f(w / 2f, h / 2f), angle, 1.0);
                DoubleIndexer idx = m.createIndexer();
                double px = 40;
                double py = 150;
                double qx = idx.get(0, 0) * px + idx.get(0, 1) * py + idx.get(0, 2);
                double qy = idx.get(1, 0) * px + idx.get(1, 1) * py + idx.get(1, 2);
                idx.close();
                double[] back = FaceDetector.unrotated(new double[] {qx - 10, qy - 5, 20, 10}, angle, w, h);
                assertThat(back[0] + 10).isCloseTo(px, within(1e-6));
                assertThat(back[1] + 5).isCloseTo(py, within(1e-6));
                assertThat(back[2]).isEqualTo(20);
            }
        }
    }

    /**
     * Many calls on one detector from four threads, with a pool of two classifiers (so calls
     * share and wait), give exactly the boxes one thread gets.
     */
    @Test
    void concurrentCallsGiveTheSingleThreadedResults() throws Exception {
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            images.add(i % 2 == 0 ? DrawnFaces.face(300, 240, 20 + 15 * i, 30, 90 + 5 * i, 0) : DrawnFaces.blobs(200, 160, 64, i));
        }
        try (FaceDetector detector = new FaceDetector(raw(Cascade.LBP_FRONTALFACE, false, List.of(10.0), 0), 2)) {
            List<List<FaceBox>> expected = images.stream().map(detector::detect).toList();
            assertThat(expected).allSatisfy(b -> assertThat(b).isNotEmpty());
            ExecutorService exec = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<FaceBox>>> futures = new ArrayList<>();
                for (int round = 0; round < 6; round++) {
                    for (BufferedImage image : images) {
                        futures.add(exec.submit(() -> detector.detect(image)));
                    }
                }
                for (int k = 0; k < futures.size(); k++) {
                    assertThat(futures.get(k).get()).isEqualTo(expected.get(k % images.size()));
                }
            } finally {
                exec.shutdownNow();
            }
        }
    }

    @Test
    void refusesCallsAfterCloseAndAnEmptyPool() {
        FaceDetector detector = new FaceDetector(raw(Cascade.LBP_FRONTALFACE, false, List.of(), 0), 1);
        detector.close();
        assertThatThrownBy(() -> detector.detect(TestImages.solid(50, 50, Color.GRAY)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> new FaceDetector(raw(Cascade.LBP_FRONTALFACE, false, List.of(), 0), 0))
                .hasMessageContaining("maxParallel");
    }

    @Test
    void readsGrayImagesAsTheirSamplesAndColourAsLuma() {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 100);
        gray.getRaster().setSample(1, 0, 0, 200);
        assertThat(GrayPixels.of(gray).pixels()).containsExactly((byte) 100, (byte) 200);

        BufferedImage gray16 = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(0, 0, 0, 65535);
        assertThat(GrayPixels.of(gray16).pixels()).containsExactly((byte) 255);

        BufferedImage rgb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xFF0000);
        assertThat(GrayPixels.of(rgb).pixels()[0] & 0xFF).isEqualTo(76); // 0.299 * 255

        BufferedImage clear = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        clear.setRGB(0, 0, 0x00000000);
        assertThat(GrayPixels.of(clear).pixels()[0] & 0xFF).isEqualTo(255); // onto white, as preprocessing
    }
}
