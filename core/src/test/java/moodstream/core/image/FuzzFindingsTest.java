package moodstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import moodstream.core.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What PreprocessFuzzTest found, each kept as an input that must now get its code within the budget. */
class FuzzFindingsTest {
    private static final ImagePreprocessor RGB_48 = new ImagePreprocessor(PreprocessingSpec.of(48, 48, 3), ImageLimits.DEFAULT);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @BeforeAll
    static void loadReadersFirst() {
        RGB_48.preprocess(TestImages.encode(TestImages.noise(16, 16, 1), "bmp"));
    }

    /**
     * The fuzzer's own 86 bytes: a BMP whose compression is 4 (embedded JPEG) and whose header
     * declares 1.16 GB of image data, which the JDK's reader allocated at once (1.16 GB, 1 s).
     */
    @Test
    void aBmpDeclaringAnEmbeddedJpegOfAGigabyteIsRefusedBeforeTheReaderAllocatesIt() {
        byte[] found = HexFormat.of().parseHex("424db6040000000000003600000028000000180000"
                + "00d1000000010018800400000000001f456e375710c02b4825d6770e323ac6224fca31a4fff8ed52b2e34d15c4caaf6f3f"
                + "eda4fb1be240a444b31d05e6c81cf8bd");
        assertRefusedWithinBudget(found, ImageError.UNSUPPORTED_FORMAT);
    }

    /** The same trap without the embedded image: an RLE8 BMP declaring 2 GB of compressed data. */
    @Test
    void anRleBmpDeclaringMoreDataThanTheFileHoldsIsCorrupt() {
        byte[] bmp = TestImages.encode(TestImages.noise(16, 16, 2), "bmp");
        writeLittleEndian(bmp, 30, 1); // compression: RLE8
        writeLittleEndian(bmp, 34, Integer.MAX_VALUE); // biSizeImage
        assertRefusedWithinBudget(bmp, ImageError.CORRUPT);
    }

    private static void assertRefusedWithinBudget(byte[] bytes, ImageError code) {
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        InvalidImageException refused = catchThrowableOfType(InvalidImageException.class, () -> RGB_48.preprocess(bytes));
        long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
        assertThat(refused).isNotNull();
        assertThat(refused.error()).isEqualTo(code);
        assertThat(allocated).isLessThanOrEqualTo(RGB_48.heapBudget(bytes.length));
    }

    private static void writeLittleEndian(byte[] b, int at, int value) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
