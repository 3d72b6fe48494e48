package moodstream.core.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns encoded bytes into pixels, safely: the format is sniffed from the bytes,
 * the byte and pixel limits are enforced from the header before any pixel is
 * decoded, and every failure is an {@link InvalidImageException} with a code.
 * Thread-safe: each call uses its own ImageIO reader or OpenCV decoder.
 *
 * <p>Which decoder, per format:
 * <ul>
 * <li><b>JPEG, Huffman-coded, 8-bit, gray or three components (baseline, extended, progressive):
 *     OpenCV</b> ({@code imdecode} with {@code IMREAD_REDUCED_*}, {@link OpenCvJpeg}), after
 *     {@link JpegCheck} has verified every marker and Huffman-decoded every scan. libjpeg scales
 *     by 1/2, 1/4 or 1/8 inside its inverse DCT, so a 7360x4912 photo for a 48x48 model never
 *     exists at more than 920x614; ImageIO's subsampling only drops pixels after decoding every
 *     one of them. On the web photos, one thread, this measured 2.09x the ImageIO path's
 *     throughput for a gray 48x48 model with the check included (the check is a third of the
 *     time, libjpeg's decode alone bounds the ratio at 3.3), and the
 *     tensors are 5x closer to the exact area average than ImageIO's subsampled ones
 *     (docs/performance.md, OpenCvParityTest). The check is there because OpenCV reports none of libjpeg's warnings (they go to
 *     stderr) and returns the grey or garbled picture of a corrupt scan as a success.</li>
 * <li><b>Every other JPEG (CMYK, YCCK, arithmetic-coded, 12-bit, lossless): ImageIO</b> with
 *     TwelveMonkeys, as before: OpenCV's libjpeg decodes neither arithmetic coding nor 12 bits, its
 *     CMYK conversion is not TwelveMonkeys' (and has no YCCK), and these are too rare in photos to
 *     be worth a second set of colour rules; the warning rule below keeps them honest.</li>
 * <li><b>PNG, BMP, GIF: ImageIO.</b> OpenCV's readers would give nothing to gain (no DCT to scale)
 *     and would lose what core promises: PNG CRCs are checked and libpng's warnings are not
 *     reported, alpha is composited by {@link ChannelReader}, GIF is not read by OpenCV 4.5.5 at
 *     all, and the BMP refusals ({@link BmpHeaderCheck}) are ImageIO's.</li>
 * </ul>
 * Every JPEG is turned as its Exif Orientation says ({@link Orientation}), whichever decoder read
 * it, and {@link ImageInfo} reports the displayed width and height.
 *
 * <p>Memory: the encoded bytes are read in place, every side is at most
 * {@link ImageLimits#MAX_SIDE}, and a decode for a model input subsamples each axis, so what a
 * decode allocates depends on the model input and not on the image's size; the budget is
 * stated, and tested, as {@link ImagePreprocessor#heapBudget(long)}. OpenCV's memory is native and
 * freed when each decode returns.
 */
public final class ImageDecoder {
    private final ImageLimits limits;
    private final boolean openCvForJpeg;

    public ImageDecoder(ImageLimits limits) {
        this(limits, true);
    }

    /** With {@code openCvForJpeg} false every JPEG takes the ImageIO path: the "before" of the parity test and benchmark. */
    ImageDecoder(ImageLimits limits, boolean openCvForJpeg) {
        this.limits = limits;
        this.openCvForJpeg = openCvForJpeg;
    }

    /** Decodes at full resolution. */
    public DecodedImage decode(byte[] bytes) {
        return decode(bytes, 0, 0);
    }

    /**
     * Decodes, letting the decoder shrink the image while it reads when it is far larger than
     * needed: a 4000x3000 photo for a 64x64 model never exists in memory at full size. A JPEG is
     * scaled in the DCT domain by the largest of 1/8, 1/4, 1/2 that keeps at least 4x
     * {@code minWidth} x {@code minHeight}; other formats are subsampled. Point subsampling aliases
     * fine patterns, so it only starts past 8x the target and always keeps at least 4x
     * {@code minWidth} x {@code minHeight} for the area resize that follows to average; each axis
     * is thinned on its own, so the decoded image is at most 8x {@code minWidth} by 8x
     * {@code minHeight} whatever its shape. The sizes are in displayed orientation.
     */
    public DecodedImage decode(byte[] bytes, int minWidth, int minHeight) {
        return decode(bytes, minWidth, minHeight, false);
    }

    /**
     * As {@link #decode(byte[], int, int)}, for a next step that reads one gray channel when
     * {@code lumaOnly}: a colour JPEG that OpenCV decodes then comes back as its luma (Y) plane
     * alone, which libjpeg gives without the chroma's inverse DCT, upsampling and colour
     * conversion. Y is the BT.601 luma the encoder computed, the weights {@link ChannelReader}
     * applies to decoded RGB; the two differ by rounding and clamping only (0.0004 on average over
     * the web photos at 48x48, docs/performance.md). Every other image comes back in its own
     * colours, as without the flag.
     */
    public DecodedImage decode(byte[] bytes, int minWidth, int minHeight, boolean lumaOnly) {
        ImageFormat format = checkBytes(bytes);
        if (format == ImageFormat.PNG) {
            PngCrcCheck.verify(bytes);
        } else if (format == ImageFormat.BMP) {
            BmpHeaderCheck.verify(bytes);
        } else if (format == ImageFormat.JPEG) {
            return decodeJpeg(bytes, minWidth, minHeight, lumaOnly);
        }
        return decodeWithImageIo(bytes, format, minWidth, minHeight, 1);
    }

    private DecodedImage decodeJpeg(byte[] bytes, int minWidth, int minHeight, boolean lumaOnly) {
        JpegCheck.Header header = JpegCheck.header(bytes);
        boolean transposed = header.transposed();
        // The target is in displayed orientation; the decoders see the stored one.
        int storedMinW = transposed ? minHeight : minWidth;
        int storedMinH = transposed ? minWidth : minHeight;
        if (!header.checkable() || !openCvForJpeg) {
            return decodeWithImageIo(bytes, ImageFormat.JPEG, storedMinW, storedMinH, header.orientation());
        }
        ImageInfo info = checkSize(ImageFormat.JPEG, header.width(), header.height(), transposed, bytes.length);
        JpegCheck.verify(bytes, header);
        BufferedImage stored;
        try {
            stored = OpenCvJpeg.decode(bytes, header, storedMinW, storedMinH, lumaOnly);
        } catch (InvalidImageException e) {
            throw e;
        } catch (RuntimeException e) {
            // cv::Exception arrives as a RuntimeException with OpenCV's message.
            throw corrupt(ImageFormat.JPEG, e);
        }
        return new DecodedImage(info, Orientation.apply(stored, header.orientation()));
    }

    /** The ImageIO path; {@code minWidth x minHeight} in stored orientation, turned after by {@code orientation}. */
    private DecodedImage decodeWithImageIo(byte[] bytes, ImageFormat format, int minWidth, int minHeight, int orientation) {
        ImageReader reader = readerFor(format);
        try (ImageInputStream in = open(bytes)) {
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener((source, warning) -> failOnWarning(format, warning));
            ImageInfo info = header(reader, format, bytes.length, orientation >= 5);
            ImageReadParam param = reader.getDefaultReadParam();
            int xStep = subsampling(reader.getWidth(0), minWidth);
            int yStep = subsampling(reader.getHeight(0), minHeight);
            if (xStep > 1 || yStep > 1) {
                param.setSourceSubsampling(xStep, yStep, 0, 0);
            }
            BufferedImage image = reader.read(0, param);
            return new DecodedImage(info, Orientation.apply(image, orientation));
        } catch (IOException | RuntimeException e) {
            throw refusalIn(e).orElseGet(() -> corrupt(format, e));
        } finally {
            reader.dispose();
        }
    }

    private ImageFormat checkBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidImageException(ImageError.EMPTY, "the input is empty (0 bytes)");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new InvalidImageException(ImageError.TOO_MANY_BYTES, String.format(Locale.ROOT,
                    "the image has %,d bytes, over the limit of %,d; resize it before sending or raise the byte limit",
                    bytes.length, limits.maxBytes()));
        }
        return ImageFormat.sniff(bytes).orElseThrow(() -> ImageFormat.sniffUnsupported(bytes)
                .map(name -> new InvalidImageException(ImageError.UNSUPPORTED_FORMAT,
                        name + " images are not supported; convert to JPEG or PNG"))
                .orElseGet(() -> new InvalidImageException(ImageError.NOT_AN_IMAGE,
                        "the bytes do not start with a JPEG, PNG, BMP or GIF signature (first bytes: " + hexPrefix(bytes) + ")")));
    }

    private ImageInfo header(ImageReader reader, ImageFormat format, long size, boolean transposed) throws IOException {
        return checkSize(format, reader.getWidth(0), reader.getHeight(0), transposed, size);
    }

    /** The header's limits, checked before any pixel is decoded; the info in displayed orientation. */
    private ImageInfo checkSize(ImageFormat format, int width, int height, boolean transposed, long size) {
        if (width <= 0 || height <= 0) {
            throw new InvalidImageException(ImageError.CORRUPT, format + " header declares an empty image " + width + "x" + height);
        }
        if ((long) width * height > limits.maxPixels()) {
            throw new InvalidImageException(ImageError.TOO_MANY_PIXELS, String.format(Locale.ROOT,
                    "the image is %dx%d = %,d pixels, over the limit of %,d; resize it before sending or raise the pixel limit",
                    width, height, (long) width * height, limits.maxPixels()));
        }
        if (Math.max(width, height) > ImageLimits.MAX_SIDE) {
            throw new InvalidImageException(ImageError.SIDE_TOO_LONG, String.format(Locale.ROOT,
                    "the image is %dx%d, a side longer than the limit of %,d pixels; crop or resize it before sending",
                    width, height, ImageLimits.MAX_SIDE));
        }
        return transposed ? new ImageInfo(format, height, width, size) : new ImageInfo(format, width, height, size);
    }

    /**
     * Per axis, so that a long side is thinned even when the other side is short: one step for
     * both (the smaller) kept a 60,000x800 strip at 15,000x200 for a 48x48 model.
     */
    private static int subsampling(int side, int minSide) {
        return minSide <= 0 ? 1 : Math.max(1, side / (4 * minSide));
    }

    /**
     * Every warning a reader raises while decoding makes the image {@link ImageError#CORRUPT}:
     * readers warn exactly when they had to guess, and a guessed picture must not reach
     * training or a label.
     *
     * <p>Why every warning and not a list of "corrupt" phrases: the JDK's JPEG reader is
     * libjpeg, which warns (rather than fails) on a truncated file, on a scan of noise
     * ("N extraneous bytes before marker"), on bad Huffman codes, and on a SOF9 (arithmetic)
     * marker over Huffman data, and returns a grey or garbled picture each time. libjpeg
     * reports only the <em>first</em> warning of a decode (jerror.c {@code emit_message}), so
     * a harmless-looking first warning (say "unknown JFIF revision") hides any corruption after
     * it: no warning can be waived. The PNG, GIF and BMP readers warn only when they drop data
     * (an extra PLTE, a tRNS that does not fit, an unknown critical chunk, an out-of-sequence
     * LZW code). None of the 283 JPEGs and 18 PNGs of the web-happy-sad photo set raises any
     * warning (ImageDecoderTest checks), so this costs no real photo.
     *
     * <p>The first warning ends the read, thrown from the listener: the image is lost by then, and
     * reading on costs what the file makes it cost. The fuzzer's 850-byte CMYK JPEG of 16x11280
     * raises 30,398 warnings, one per corrupt stretch, which cost 11 MB of heap as strings and
     * callbacks (36.6 MB under the fuzzer's instrumentation), over
     * {@link ImagePreprocessor#heapBudget(long)}; stopped at the first they cost 0.2 MB
     * (FuzzFindingsTest). {@link ImageReader#abort()} does not stop TwelveMonkeys' JPEG reader;
     * an exception does, as the JDK's libjpeg glue ends the decode when a warning's callback throws.
     *
     * <p>One kind is waived: TwelveMonkeys' own notes on colour ("No embedded ICC color profile,
     * will convert using inaccurate CMYK->RGB conversion" for a CMYK or YCCK JPEG). They come
     * from its colour conversion, not from libjpeg, so they take no libjpeg warning's place, and
     * they say the colours are approximate, not that pixels are missing (BadInputCorpusIT's
     * jpeg-ycck row).
     */
    private static void failOnWarning(ImageFormat format, String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        if (w.contains("icc color profile") || w.contains("icc profile")) {
            return;
        }
        String what = w.contains("premature end") || w.contains("truncat") ? "truncated" : "corrupt";
        throw new InvalidImageException(ImageError.CORRUPT, format + " image is " + what + ": the reader warned: " + warning);
    }

    /** The refusal a warning threw, whether the reader let it through or wrapped it. */
    private static Optional<InvalidImageException> refusalIn(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof InvalidImageException invalid) {
                return Optional.of(invalid);
            }
        }
        return Optional.empty();
    }

    private static ImageReader readerFor(ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new InvalidImageException(ImageError.UNSUPPORTED_FORMAT, "no ImageIO reader for " + format + " on this JVM");
        }
        return readers.next();
    }

    // Reads the caller's array in place: ImageIO.createImageInputStream may spill to a temp
    // file, and the JDK's MemoryCacheImageInputStream copies the input (up to maxBytes) again.
    private static ImageInputStream open(byte[] bytes) {
        return new ByteArrayImageInputStream(bytes);
    }

    private static InvalidImageException corrupt(ImageFormat format, Exception e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new InvalidImageException(ImageError.CORRUPT, format + " image could not be decoded: " + detail, e);
    }

    private static String hexPrefix(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            sb.append(String.format(Locale.ROOT, "%02x", bytes[i] & 0xFF));
        }
        return sb.toString();
    }
}
