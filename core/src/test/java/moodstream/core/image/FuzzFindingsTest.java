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

    /**
     * The fuzzer's 808-byte progressive JPEG (2026-12-01, after the OpenCV path): a DHT table
     * whose code counts overflow their lengths made JpegCheck index past its 9-bit lookup
     * (ArrayIndexOutOfBoundsException); libjpeg calls such a table bad (JERR_BAD_HUFF_TABLE).
     */
    @Test
    void aHuffmanTableWhoseCodesOverflowIsCorrupt() {
        byte[] found = HexFormat.of().parseHex(
                "ffd8ffe000104a46494600010200000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f"
                + "141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffdb0043010909090c0b0c"
                + "180d0d1832211c21323232323232323232323232323232323232323232323232323232323232323232323232323232323232"
                + "3232323232323232ffc20011080010001803012200021101031101ffc4001700000301000000000000000000000000000001"
                + "0203ffc40014010100000000000000000000000000000001ffda000c030100021003100000016b3b1a017fffc4001b100101"
                + "00010500000000000000000000000102110003121322ffda00080101000105028c764380af0a71981d4ee19fffc4001b1100"
                + "02010500000000000000000000000000010211122141b1ffda0008010301013f01b92c32296fb43fffc4001b110002010500"
                + "00000000000000000000000001020311122131ffda0008010201013f0171d223472eab9fffc4002110040001030300030000"
                + "0000000000000001000211122131415161711381f0ffda0008010100063f02a88d453a13a4e183d1cf8852faa1b69d7dab96"
                + "c7995f1926ae0f3d22d73b232eb47eb2ffc4002010010100010304030000000000000000000111210031415161819171d1f1"
                + "ffda0008010100013f2106c885432ee79f1c75a2cb19540f35cc87a9be37692584c3b3e9e9ac89f39685561cce5d9c8fcc00"
                + "912312b35df6fdd2a032b15be61531963d6bffda000c03010002000300000010d03fffc4001d110100010403010000000000"
                + "00000000000111002131614171a1f0ffda0008010301013f108825a732bb9ecc6612dcde5a02ca1d3f01f115ff38001d1100"
                + "0201040300000000000000000000000121110031411381898841380008010201013f103921500378016a7779342032ed2dbe"
                + "3af735ffc4001a100101010101010100000000000000000001112131004161ffda0008010100013f1022ce112108e0551a05"
                + "3a13ce291213818988413863af1004b8df008a31b0045fc08287500a20e0a176e910f3e93a55029d8bc372202d7adb41b42a"
                + "d6290a61084cffd9"
        );
        assertRefusedWithinBudget(found, ImageError.CORRUPT);
    }

    /**
     * The fuzzer's 850-byte JPEG (2026-12-06): a baseline frame header declaring 16x11280 in four
     * components, which sends it to the ImageIO path, then a second, progressive frame header.
     * Its scans are noise, and libjpeg warned 30,398 times, each warning a string the decoder kept:
     * 11 MB here, within the budget, and 36.6 MB under the fuzzer's instrumentation, over it. The
     * decoder now stops at the first warning, which leaves the reader's setup: about 0.2 MB, held
     * here under 1 MiB so that a decoder reading on past a warning fails this test without the fuzzer.
     */
    @Test
    void aCmykJpegWhoseScanIsNoiseStopsAtTheFirstWarning() {
        byte[] found = HexFormat.of().parseHex(
                "ffd8ffdb004300080606070705070807090609080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c"
                + "1c2837292c30313434341f27393d38323c2e333432ffc00014082c10001004011100021100031100041100898a9293944300"
                + "080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c3031"
                + "3434341f27393d38323c2e333432ffdb004301092132323232323232323232323232323232326174206279746520252c5432"
                + "323232323232323232323232323232323232323232ffc20011080010001803012200021101031101ffc40017000003010000"
                + "000000000000000000000000010203ffc40014010100000000000000000000000000000001ffda000c030100021003100000"
                + "016b3b1a017fffc4001b10010100010500000000000000000000000102110003121322ffda00080101000105028c764380af"
                + "0a71981d4ee19fffc4001b110002010500000000000000000000000000010211122141b1ffda0008010301013f01b92c3229"
                + "6fb43fffc4001b11000201050000000000000000000000000001020311122131ffda0008010201013f0171d223472eab9fff"
                + "c40021100001030403000300000000000000000001000211122131415161711381f0ffda0008010100063f02a88d69636320"
                + "6f667072696c65a1b69d7dab96c7995f1926ae0f3d22d73b232eb47eb2ffc400201001010001030403000000000000000000"
                + "0111210031415161819171d1f1ffda0008010100013f2106c885432ce79f1c75a2cb19540f35cc87a9be37692584c3b3e9e9"
                + "ac89f39685561cce5d9c8fcc00912312b35df6fdd2a032b15be61531963d6bffda000c03010002000300000010d03fffc400"
                + "1d11010001040301000000000000000000000111002131614171a1f0ffda0008010301013f108825a732bb9ecc66dcde5a02"
                + "ca1d3f040fea0036ffe2ee0002010403000000000000000000000001211100304191517181ffda0008010201013f10392150"
                + "0378016a7779342032ed2dbe3af735ffc4001a100101010101c30031415161819171d1f1ffda0008010100013f2106c88543"
                + "2ee79f1c75a2cb19540f35cc87a9be37692584c3b3e9e9ac89f39685561cce5d9c8dcc00912312b35df6fdd2a032b10300d9"
        );
        long allocated = assertRefusedWithinBudget(found, ImageError.CORRUPT);
        assertThat(allocated).isLessThan(1024 * 1024);
    }

    /** @return the bytes the refusal allocated */
    private static long assertRefusedWithinBudget(byte[] bytes, ImageError code) {
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        InvalidImageException refused = catchThrowableOfType(InvalidImageException.class, () -> RGB_48.preprocess(bytes));
        long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
        assertThat(refused).isNotNull();
        assertThat(refused.error()).isEqualTo(code);
        assertThat(allocated).isLessThanOrEqualTo(RGB_48.heapBudget(bytes.length));
        return allocated;
    }

    private static void writeLittleEndian(byte[] b, int at, int value) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
