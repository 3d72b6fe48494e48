package moodstream.core.image;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_8;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Decodes a JPEG that {@link JpegCheck} has verified with OpenCV's {@code imdecode}, scaled by
 * 1/2, 1/4 or 1/8 inside libjpeg's inverse DCT when the image is that much larger than needed,
 * into a {@link BufferedImage} in the stored orientation (the caller applies Exif's).
 *
 * <p>Native memory: everything OpenCV allocates for one decode (the copy of the bytes, the decoded
 * and the resized {@code Mat}) belongs to a {@link PointerScope} and is freed when the decode
 * returns, not when the garbage collector gets to it. Thread-safe: {@code imdecode} keeps its
 * decoder on the calling thread's stack, and nothing here is shared.
 */
final class OpenCvJpeg {
    private OpenCvJpeg() {
    }

    /** Loads OpenCV once per JVM (natives unpacked to ~/.javacpp/cache on first use). */
    private static final class Native {
        static {
            Loader.load(opencv_imgcodecs.class); // and opencv_core, opencv_imgproc, OpenBLAS before it
            Loader.load(opencv_imgproc.class);
            // OpenCV's own thread pool would run a resize on more threads than the caller's: the
            // streamer already runs one decode per stream thread, so OpenCV stays on the caller's.
            opencv_core.setNumThreads(0);
        }

        static void load() {
            // The static initializer is the work.
        }
    }

    /**
     * The DCT scale: the largest of 8, 4, 2 that still leaves at least 4x {@code minWidth} x
     * {@code minHeight} (the margin the area resize averages over, as for ImageIO's subsampling);
     * 1 when no target is given.
     */
    static int scale(int width, int height, int minWidth, int minHeight) {
        if (minWidth <= 0 || minHeight <= 0) {
            return 1;
        }
        for (int f = 8; f > 1; f /= 2) {
            if (ceilDiv(width, f) >= 4 * minWidth && ceilDiv(height, f) >= 4 * minHeight) {
                return f;
            }
        }
        return 1;
    }

    /**
     * @param minWidth  stored-orientation width the next step needs (0: full size)
     * @param minHeight stored-orientation height the next step needs (0: full size)
     * @param luma      the luma (Y) plane alone, whatever the components
     */
    static BufferedImage decode(byte[] bytes, JpegCheck.Header header, int minWidth, int minHeight, boolean luma) {
        Native.load();
        int f = scale(header.width(), header.height(), minWidth, minHeight);
        boolean gray = luma || header.components() == 1;
        int flags = IMREAD_IGNORE_ORIENTATION | switch (f) {
            case 8 -> gray ? IMREAD_REDUCED_GRAYSCALE_8 : IMREAD_REDUCED_COLOR_8;
            case 4 -> gray ? IMREAD_REDUCED_GRAYSCALE_4 : IMREAD_REDUCED_COLOR_4;
            case 2 -> gray ? IMREAD_REDUCED_GRAYSCALE_2 : IMREAD_REDUCED_COLOR_2;
            default -> gray ? IMREAD_GRAYSCALE : IMREAD_COLOR;
        };
        try (PointerScope scope = new PointerScope()) {
            BytePointer data = new BytePointer(bytes);
            Mat encoded = new Mat(1, bytes.length, opencv_core.CV_8UC1, data);
            Mat mat = opencv_imgcodecs.imdecode(encoded, flags);
            if (mat == null || mat.empty()) {
                throw new InvalidImageException(ImageError.CORRUPT, "JPEG image could not be decoded (libjpeg refused it)");
            }
            int expectedW = ceilDiv(header.width(), f);
            int expectedH = ceilDiv(header.height(), f);
            if (mat.cols() != expectedW || mat.rows() != expectedH) {
                throw new InvalidImageException(ImageError.CORRUPT, "JPEG image decoded to " + mat.cols() + "x" + mat.rows()
                        + ", not the " + expectedW + "x" + expectedH + " its header declares at scale 1/" + f);
            }
            // A strip (65,535x700) stays long on one axis whatever the DCT scale: averaged down here,
            // in native memory, to the 4x margin, so the heap holds at most 8x the target per axis
            // as on the ImageIO path (ImagePreprocessor#heapBudget).
            if (minWidth > 0 && (mat.cols() > 8 * minWidth || mat.rows() > 8 * minHeight)) {
                Mat smaller = new Mat();
                opencv_imgproc.resize(mat, smaller, new Size(Math.min(mat.cols(), 4 * minWidth), Math.min(mat.rows(), 4 * minHeight)),
                        0, 0, opencv_imgproc.INTER_AREA);
                mat = smaller;
            }
            return toBufferedImage(mat, gray);
        }
    }

    /**
     * Copies the pixels into a TYPE_BYTE_GRAY or TYPE_3BYTE_BGR image. OpenCV's BGR byte order is
     * TYPE_3BYTE_BGR's own layout (band offsets 2, 1, 0), so band 0 of the raster is red, as the
     * {@link ChannelReader} expects: no channel is swapped by hand.
     */
    private static BufferedImage toBufferedImage(Mat mat, boolean gray) {
        int w = mat.cols();
        int h = mat.rows();
        int channels = gray ? 1 : 3;
        if (mat.channels() != channels || mat.depth() != opencv_core.CV_8U) {
            throw new IllegalStateException("OpenCV returned " + mat.channels() + " channels of depth " + mat.depth());
        }
        BufferedImage image = new BufferedImage(w, h, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        BytePointer pixels = mat.data();
        long step = mat.step();
        int row = w * channels;
        for (int y = 0; y < h; y++) {
            pixels.position(y * step).get(target, y * row, row);
        }
        return image;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
