package moodstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import moodstream.core.testing.OddImages;
import moodstream.core.testing.TestImages;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/**
 * OpenCV's memory is native, out of the garbage collector's sight: each decode must free what it
 * allocated when it returns ({@link OpenCvJpeg}'s PointerScope), or a streamer would grow until
 * the kernel kills it. Measured as javacpp's own count of the memory it allocated
 * ({@link Pointer#totalBytes()}, exact: back to its starting value after every decode) and as the
 * process's resident memory ({@link Pointer#physicalBytes()}, which also sees OpenCV's own
 * allocations: it must not grow with the number of decodes). A leak of the smallest thing a
 * decode allocates (the 200x150 BGR result, 90 KB) would add 90 MB over 1,000 photo decodes.
 *
 * <p>Longer: {@code ./mvnw -B -ntp -pl core test -Dtest=NativeMemoryTest -Dnative.decodes=100000}
 * (the small JPEG that many times, the photo a tenth as many).
 */
class NativeMemoryTest {
    private static final ImagePreprocessor RGB_48 = new ImagePreprocessor(PreprocessingSpec.of(48, 48, 3), ImageLimits.DEFAULT);
    private static final long SLACK = 48L * 1024 * 1024;

    @Test
    void residentMemoryStaysFlatOverManyDecodes() {
        int decodes = Integer.getInteger("native.decodes", 10_000);
        byte[] small = TestImages.jpeg(OpenCvParityTest.picture(64, 48, 1));
        byte[] photo = TestImages.jpeg(OpenCvParityTest.picture(1600, 1200, 2));
        // Progressive with a noise scan: the check allocates its native record, then refuses the image.
        byte[] corrupt = OddImages.jpegWithNoiseScan(TestImages.progressiveJpeg(OpenCvParityTest.picture(64, 48, 3)), 4);
        // Warm up until the young generation has been collected a few times: until then every new
        // eden page the JVM touches adds to resident memory, which is the heap's doing, not OpenCV's
        // (a 100,000-decode run without this grew 75 MB with javacpp's own count flat throughout).
        long collections = youngCollections();
        for (int i = 0; i < 500 || (youngCollections() < collections + 3 && i < 50_000); i++) {
            run(small, photo, corrupt, i);
        }
        long totalBefore = Pointer.totalBytes();
        long physicalBefore = Pointer.physicalBytes();
        for (int i = 0; i < decodes; i++) {
            run(small, photo, corrupt, i);
            assertThat(Pointer.totalBytes()).isEqualTo(totalBefore);
        }
        long physicalAfter = Pointer.physicalBytes();
        System.out.printf(Locale.ROOT, "native memory over %,d decodes (+%,d photos): javacpp %,d -> %,d bytes, resident %,d -> %,d bytes%n",
                decodes, decodes / 10, totalBefore, Pointer.totalBytes(), physicalBefore, physicalAfter);
        assertThat(physicalAfter - physicalBefore).as("resident growth").isLessThan(SLACK);
    }

    private static long youngCollections() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(gc -> gc.getName().contains("Young")).mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount)
                .sum();
    }

    private static void run(byte[] small, byte[] photo, byte[] corrupt, int i) {
        RGB_48.preprocess(small);
        if (i % 10 == 0) {
            RGB_48.preprocess(photo);
            try {
                RGB_48.preprocess(corrupt);
            } catch (InvalidImageException expected) {
                // Refused by the check; it must free its native record too.
            }
        }
    }
}
