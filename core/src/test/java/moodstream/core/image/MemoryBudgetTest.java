package moodstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.util.stream.Stream;
import moodstream.core.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds thin, tall, wide and big images within the limits to {@link ImagePreprocessor#heapBudget}:
 * the heap the test thread allocates while preprocessing one (every allocation counts, garbage too).
 */
class MemoryBudgetTest {
    private static final ImagePreprocessor RGB_48 = new ImagePreprocessor(PreprocessingSpec.of(48, 48, 3), ImageLimits.DEFAULT);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @BeforeAll
    static void loadReadersFirst() {
        // Class loading and ImageIO's registry allocate once per JVM; they are no decode's cost.
        for (String format : new String[] {"png", "jpeg", "bmp", "gif"}) {
            RGB_48.preprocess(TestImages.encode(TestImages.noise(64, 64, 1), format));
        }
    }

    static Stream<Arguments> images() {
        return Stream.of(
                // 143 KB on the wire, 147 MB a row: cost 939 MiB of heap before the side limit.
                Arguments.of("49,000,000x1 RGB PNG", TestImages.blackPng(49_000_000, 1, 8, 2), ImageError.SIDE_TOO_LONG),
                Arguments.of("1x49,000,000 RGB PNG", TestImages.blackPng(1, 49_000_000, 8, 2), ImageError.SIDE_TOO_LONG),
                // A strip at the side limit: one subsampling step for both axes kept it at 15,000x200.
                Arguments.of("60,000x800 RGB PNG", TestImages.blackPng(60_000, 800, 8, 2), null),
                Arguments.of("800x60,000 RGB PNG", TestImages.blackPng(800, 60_000, 8, 2), null),
                // The widest rows there are: 8 bytes a pixel, at the side limit.
                Arguments.of("65,535x700 16-bit RGBA PNG", TestImages.blackPng(65_535, 700, 16, 6), null),
                Arguments.of("7,000x7,000 RGB PNG", TestImages.blackPng(7_000, 7_000, 8, 2), null),
                Arguments.of("7,000x7,000 JPEG", TestImages.jpeg(new BufferedImage(7_000, 7_000, BufferedImage.TYPE_3BYTE_BGR)), null),
                // Just under 8x the input side, so decoded in full: the most pixels a decode keeps.
                Arguments.of("383x383 16-bit RGBA PNG", TestImages.blackPng(383, 383, 16, 6), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void preprocessingStaysWithinTheHeapBudget(String name, byte[] bytes, ImageError expectedError) {
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        InvalidImageException refused = catchThrowableOfType(InvalidImageException.class, () -> {
            PreprocessedImage out = RGB_48.preprocess(bytes);
            assertThat(out.pixels()).hasSize(3 * 48 * 48);
        });
        long allocated = THREADS.getThreadAllocatedBytes(thread) - before;

        assertThat(refused == null ? null : refused.error()).as("error of %s", name).isEqualTo(expectedError);
        assertThat(allocated).as("bytes allocated preprocessing %s (%,d encoded)", name, bytes.length)
                .isLessThanOrEqualTo(RGB_48.heapBudget(bytes.length));
    }
}
