package moodstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import moodstream.core.testing.OddImages;
import moodstream.core.testing.TestImages;
import org.junit.jupiter.api.Test;

/**
 * The streamer preprocesses on several stream threads with one preprocessor: every thread must get
 * exactly the tensor (or the error) one thread alone gets, for OpenCV-decoded, checked and
 * ImageIO-decoded images mixed.
 */
class ConcurrentDecodeTest {
    private static final ImagePreprocessor RGB_48 = new ImagePreprocessor(PreprocessingSpec.of(48, 48, 3), ImageLimits.DEFAULT);

    @Test
    void fourThreadsGetWhatOneThreadGets() throws Exception {
        List<byte[]> inputs = List.of(
                TestImages.jpeg(OpenCvParityTest.picture(1200, 900, 1)),
                TestImages.progressiveJpeg(OpenCvParityTest.picture(800, 600, 2)),
                OddImages.jpegWithExifOrientation(TestImages.jpeg(OpenCvParityTest.picture(640, 320, 3)), 6),
                TestImages.jpeg(OpenCvParityTest.picture(64, 48, 4)),
                TestImages.cmykJpeg(64, 48),
                TestImages.png(OpenCvParityTest.picture(300, 200, 5)),
                OddImages.jpegWithNoiseScan(TestImages.jpeg(OpenCvParityTest.picture(200, 150, 6)), 1));
        List<Object> expected = new ArrayList<>();
        for (byte[] input : inputs) {
            expected.add(outcome(input));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Object>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    List<Object> got = new ArrayList<>();
                    for (int round = 0; round < 25; round++) {
                        for (byte[] input : inputs) {
                            got.add(outcome(input));
                        }
                    }
                    return got;
                }));
            }
            for (Future<List<Object>> run : runs) {
                List<Object> got = run.get(5, TimeUnit.MINUTES);
                for (int i = 0; i < got.size(); i++) {
                    assertThat(got.get(i)).as("input %d", i % inputs.size()).isEqualTo(expected.get(i % inputs.size()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The tensor as a list (value equality), or the error code. */
    private static Object outcome(byte[] input) {
        try {
            float[] pixels = RGB_48.preprocess(input).pixels();
            List<Float> values = new ArrayList<>(pixels.length);
            for (float v : pixels) {
                values.add(v);
            }
            return values;
        } catch (InvalidImageException e) {
            return e.error();
        }
    }
}
