package moodstream.core.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.awt.Color;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.stream.Stream;
import moodstream.core.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the bytes-to-tensor path with Jazzer. Its contract, for any bytes: a tensor of the
 * spec's size with every value in [0,1], or an {@link InvalidImageException} with a code and a
 * message; never another exception, never more than {@link #TIME_BUDGET_NANOS} per input, never
 * more heap than {@link ImagePreprocessor#heapBudget(long)}.
 *
 * <p>{@code ./mvnw verify} fuzzes it for a few seconds (the surefire execution {@code fuzz} sets
 * JAZZER_FUZZ=1); without JAZZER_FUZZ it replays the seeds below. docs/fuzzing.md has the
 * long run and what fuzzing found.
 */
class PreprocessFuzzTest {
    private static final ImagePreprocessor GRAY_48 = new ImagePreprocessor(PreprocessingSpec.of(48, 48, 1), ImageLimits.DEFAULT);
    private static final ImagePreprocessor RGB_48 = new ImagePreprocessor(PreprocessingSpec.of(48, 48, 3), ImageLimits.DEFAULT);
    /** 2 s: a 49-megapixel image decodes in under half of that here; a fuzz input is a few KB. */
    private static final long TIME_BUDGET_NANOS = 2_000_000_000L;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @BeforeAll
    static void loadReadersFirst() {
        // Class loading and ImageIO's registry allocate and take time once per JVM: not an input's cost.
        seeds().forEach(seed -> {
            byte[] bytes = (byte[]) seed.get()[0];
            try {
                GRAY_48.preprocess(bytes);
                RGB_48.preprocess(bytes);
            } catch (InvalidImageException ignored) {
                // Seeds only need to be loaded here; the fuzz test judges them.
            }
        });
    }

    /**
     * Small images of every supported kind, so that mutations start inside each reader rather than
     * at its signature check. Kept small (32x32 and less) so the inputs the fuzzer derives stay fast.
     */
    static Stream<Arguments> seeds() {
        BufferedImage rgb = TestImages.noise(24, 16, 7);
        BufferedImage gray = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(3, 3, 0, 200);
        BufferedImage argb = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(5, 5, 0x80FF0000);
        BufferedImage gray16 = new BufferedImage(16, 16, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(1, 2, 0, 40_000);
        ComponentColorModel rgb16Model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {16, 16, 16}, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        BufferedImage rgb16 = new BufferedImage(rgb16Model, rgb16Model.createCompatibleWritableRaster(16, 16), false, null);
        rgb16.getRaster().setSample(4, 4, 1, 1000);
        byte[] level = {0, (byte) 128, (byte) 255};
        BufferedImage palette = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(2, 3, level, level, level, 0));
        palette.getRaster().setSample(2, 2, 0, 2);
        return Stream.of(
                TestImages.jpeg(rgb),
                TestImages.progressiveJpeg(rgb),
                TestImages.cmykJpeg(16, 16),
                TestImages.png(gray),
                TestImages.png(rgb),
                TestImages.png(argb),
                TestImages.png(gray16),
                TestImages.png(rgb16),
                TestImages.png(palette),
                TestImages.encode(rgb, "bmp"),
                TestImages.encode(TestImages.halves(16, 16, Color.RED, Color.BLUE), "gif"))
                .map(bytes -> Arguments.of((Object) bytes));
    }

    @MethodSource("seeds")
    // No @Timeout: Jazzer would pass it to libFuzzer as -timeout, but JUnit also applies it to the
    // whole fuzzing run (a 5-minute run failed at its end, "timed out after 60 seconds"). A slow
    // input fails the 2 s check below; a hung one is reported by libFuzzer's own timeout (1200 s).
    @FuzzTest(maxDuration = "15s")
    void anyBytesGiveATensorOrACode(byte[] input) {
        check(GRAY_48, input);
        check(RGB_48, input);
    }

    /**
     * Judges one input, and an input over a budget a second time: while fuzzing, the first decode
     * to reach a reader's code loads and instruments its classes on this thread (a 102-byte JPEG
     * "allocated" 258 MB and took 1.7 s that way, and 47 KB and 1 ms the next time), and what a
     * decode costs is deterministic, so the repeat is its true cost.
     */
    private static void check(ImagePreprocessor preprocessor, byte[] input) {
        Cost first = run(preprocessor, input);
        if (first.within(preprocessor, input)) {
            return;
        }
        Cost again = run(preprocessor, input);
        if (again.nanos() > TIME_BUDGET_NANOS) {
            throw new AssertionError(String.format(Locale.ROOT, "%,d input bytes took %,d ms, over the %,d ms budget",
                    input.length, again.nanos() / 1_000_000, TIME_BUDGET_NANOS / 1_000_000));
        }
        if (again.allocated() > preprocessor.heapBudget(input.length)) {
            throw new AssertionError(String.format(Locale.ROOT, "%,d input bytes allocated %,d bytes, over the budget of %,d",
                    input.length, again.allocated(), preprocessor.heapBudget(input.length)));
        }
    }

    /** Preprocesses once, failing on any broken contract but a budget, and measures what it cost. */
    private static Cost run(ImagePreprocessor preprocessor, byte[] input) {
        long thread = Thread.currentThread().getId();
        long allocatedBefore = THREADS.getThreadAllocatedBytes(thread);
        long start = System.nanoTime();
        try {
            PreprocessedImage out = preprocessor.preprocess(input);
            float[] pixels = out.pixels();
            if (pixels.length != preprocessor.spec().tensorSize()) {
                throw new AssertionError("tensor has " + pixels.length + " floats, the spec needs " + preprocessor.spec().tensorSize());
            }
            for (int i = 0; i < pixels.length; i++) {
                // Written as "not inside" so that NaN fails too.
                if (!(pixels[i] >= 0f && pixels[i] <= 1f)) {
                    throw new AssertionError("tensor value " + pixels[i] + " at " + i + " is outside [0,1]");
                }
            }
        } catch (InvalidImageException e) {
            if (e.error() == null || e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("an InvalidImageException without a code or message", e);
            }
        }
        return new Cost(System.nanoTime() - start, THREADS.getThreadAllocatedBytes(thread) - allocatedBefore);
    }

    private record Cost(long nanos, long allocated) {
        boolean within(ImagePreprocessor preprocessor, byte[] input) {
            return nanos <= TIME_BUDGET_NANOS && allocated <= preprocessor.heapBudget(input.length);
        }
    }
}
