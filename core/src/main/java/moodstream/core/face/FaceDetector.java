package moodstream.core.face;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Finds faces in a decoded image with OpenCV cascades, as {@link FaceDetectorSettings} say.
 * Returns boxes in the given image's coordinates, largest first; an empty list when there is none.
 *
 * <p>Thread-safe. OpenCV's {@code CascadeClassifier} is not (its evaluator keeps per-call
 * buffers), so the detector keeps a small pool of classifiers, one per concurrent call up to
 * {@code maxParallel}; a call waits for a free one beyond that. A pool rather than a
 * ThreadLocal so that {@link #close()} can free every classifier deterministically, whichever
 * threads used them.
 *
 * <p>Native memory: the classifiers live until {@link #close()}; every Mat a call makes is
 * freed when the call returns (a PointerScope around it), not when the GC gets round to it.
 *
 * <p>Merging passes: boxes from all passes are sorted by area, and a box that overlaps a kept
 * larger one by more than {@link #SAME_FACE_IOU} is taken to be the same face found again
 * (by another cascade, the mirror or a rotation) and dropped.
 */
public final class FaceDetector implements AutoCloseable {
    /** Two boxes overlapping this much (intersection over union) are one face. */
    static final double SAME_FACE_IOU = 0.3;

    private final FaceDetectorSettings settings;
    private final Map<Cascade, String> cascadeFiles;
    private final int maxParallel;
    private final BlockingQueue<Classifiers> idle;
    private final AtomicInteger created = new AtomicInteger();
    private volatile boolean closed;

    /** A detector allowing as many concurrent calls as there are processors. */
    public static FaceDetector open(FaceDetectorSettings settings) {
        return new FaceDetector(settings, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Loads the cascades now, so that a broken setting fails here and not on the first image.
     *
     * @param maxParallel how many calls may detect at once (each holds its own classifiers)
     */
    public FaceDetector(FaceDetectorSettings settings, int maxParallel) {
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel must be at least 1, got " + maxParallel);
        }
        this.settings = settings;
        this.maxParallel = maxParallel;
        this.cascadeFiles = extract(settings.cascades());
        this.idle = new ArrayBlockingQueue<>(maxParallel);
        created.incrementAndGet();
        idle.add(load());
    }

    public FaceDetectorSettings settings() {
        return settings;
    }

    /** Faces in {@code image}, largest first, each inside the image. */
    public List<FaceBox> detect(BufferedImage image) {
        GrayPixels gray = GrayPixels.of(image);
        Classifiers classifiers = acquire();
        try (PointerScope scope = new PointerScope()) {
            return detect(gray, classifiers);
        } finally {
            release(classifiers);
        }
    }

    private List<FaceBox> detect(GrayPixels gray, Classifiers classifiers) {
        int w = gray.width();
        int h = gray.height();
        Mat source = new Mat(h, w, CV_8UC1);
        source.data().put(gray.pixels());
        double scale = settings.maxSide() > 0 && Math.max(w, h) > settings.maxSide()
                ? settings.maxSide() / (double) Math.max(w, h) : 1.0;
        Mat work = source;
        if (scale < 1) {
            work = new Mat();
            resize(source, work, new Size(Math.max(1, (int) Math.round(w * scale)), Math.max(1, (int) Math.round(h * scale))),
                    0, 0, INTER_AREA);
        }
        if (settings.equalize()) {
            Mat equalized = new Mat();
            equalizeHist(work, equalized);
            work = equalized;
        }
        int rw = work.cols();
        int rh = work.rows();
        int minSide = Math.max(1, (int) Math.round(settings.minFaceFraction() * Math.min(rw, rh)));
        Size minSize = new Size(minSide, minSide);
        Size maxSize = new Size();

        List<double[]> found = new ArrayList<>(); // x, y, w, h in the reduced image
        List<Double> angles = new ArrayList<>();
        angles.add(0.0);
        angles.addAll(settings.rotations());
        passes:
        for (double angle : angles) {
            Mat view = angle == 0 ? work : rotated(work, angle);
            for (int i = 0; i < settings.cascades().size(); i++) {
                Cascade cascade = settings.cascades().get(i);
                CascadeClassifier classifier = classifiers.get(i);
                collect(classifier, view, minSize, maxSize, false, angle, rw, rh, found);
                if (settings.untilFound() && !found.isEmpty()) {
                    break passes;
                }
                if (cascade.oneSided() && settings.mirrored()) {
                    Mat mirrored = new Mat();
                    flip(view, mirrored, 1);
                    collect(classifier, mirrored, minSize, maxSize, true, angle, rw, rh, found);
                    if (settings.untilFound() && !found.isEmpty()) {
                        break passes;
                    }
                }
            }
        }
        return merge(found, scale, w, h);
    }

    private void collect(CascadeClassifier classifier, Mat view, Size minSize, Size maxSize, boolean mirrored, double angle,
                         int rw, int rh, List<double[]> found) {
        RectVector rects = new RectVector();
        classifier.detectMultiScale(view, rects, settings.scaleFactor(), settings.minNeighbors(), 0, minSize, maxSize);
        for (long k = 0; k < rects.size(); k++) {
            Rect r = rects.get(k);
            double x = mirrored ? view.cols() - r.x() - r.width() : r.x();
            double[] box = {x, r.y(), r.width(), r.height()};
            found.add(angle == 0 ? box : unrotated(box, angle, rw, rh));
        }
    }

    /** The image turned by {@code angle} degrees about its centre (OpenCV: positive is counter-clockwise), same size. */
    private static Mat rotated(Mat image, double angle) {
        Mat m = getRotationMatrix2D(new Point2f(image.cols() / 2f, image.rows() / 2f), angle, 1.0);
        Mat out = new Mat();
        // Replicated edges rather than black corners: a hard black wedge is an edge feature
        // the cascades could fire on.
        warpAffine(image, out, m, image.size(), INTER_LINEAR, BORDER_REPLICATE, new Scalar());
        return out;
    }

    /**
     * A box found in the rotated image, back in the unrotated one: its centre turned back, its
     * size kept (an axis-aligned box of the turned box would grow by up to 1.4x and take in
     * background; the face is what the crop wants).
     */
    static double[] unrotated(double[] box, double angle, int width, int height) {
        double cx = width / 2.0;
        double cy = height / 2.0;
        double qx = box[0] + box[2] / 2 - cx;
        double qy = box[1] + box[3] / 2 - cy;
        double a = Math.cos(Math.toRadians(angle));
        double b = Math.sin(Math.toRadians(angle));
        // getRotationMatrix2D maps p to R(p - c) + c with R = [[a, b], [-b, a]]; R's inverse is its transpose.
        double px = a * qx - b * qy + cx;
        double py = b * qx + a * qy + cy;
        return new double[] {px - box[2] / 2, py - box[3] / 2, box[2], box[3]};
    }

    private static List<FaceBox> merge(List<double[]> found, double scale, int width, int height) {
        List<FaceBox> boxes = new ArrayList<>();
        for (double[] b : found) {
            int x0 = (int) Math.max(0, Math.floor(b[0] / scale));
            int y0 = (int) Math.max(0, Math.floor(b[1] / scale));
            int x1 = (int) Math.min(width, Math.ceil((b[0] + b[2]) / scale));
            int y1 = (int) Math.min(height, Math.ceil((b[1] + b[3]) / scale));
            if (x1 > x0 && y1 > y0) {
                boxes.add(new FaceBox(x0, y0, x1 - x0, y1 - y0));
            }
        }
        boxes.sort(Comparator.comparingLong(FaceBox::area).reversed()
                .thenComparingInt(FaceBox::x).thenComparingInt(FaceBox::y));
        List<FaceBox> kept = new ArrayList<>();
        for (FaceBox box : boxes) {
            if (kept.stream().noneMatch(k -> k.iou(box) > SAME_FACE_IOU)) {
                kept.add(box);
            }
        }
        return List.copyOf(kept);
    }

    private Classifiers acquire() {
        if (closed) {
            throw new IllegalStateException("the face detector is closed");
        }
        Classifiers free = idle.poll();
        if (free != null) {
            return free;
        }
        if (created.getAndIncrement() < maxParallel) {
            return load();
        }
        created.decrementAndGet();
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a free face classifier", e);
        }
    }

    private void release(Classifiers classifiers) {
        if (closed || !idle.offer(classifiers)) {
            classifiers.close();
        }
    }

    /** Frees every classifier; calls still running free theirs when they return. */
    @Override
    public void close() {
        closed = true;
        Classifiers c;
        while ((c = idle.poll()) != null) {
            c.close();
        }
    }

    private Classifiers load() {
        List<CascadeClassifier> list = new ArrayList<>();
        for (Cascade cascade : settings.cascades()) {
            CascadeClassifier classifier = new CascadeClassifier(cascadeFiles.get(cascade));
            if (classifier.empty()) {
                classifier.close();
                list.forEach(CascadeClassifier::close);
                throw new IllegalStateException("OpenCV could not load the " + cascade.id() + " cascade from "
                        + cascadeFiles.get(cascade));
            }
            list.add(classifier);
        }
        return new Classifiers(list);
    }

    /**
     * The cascade files, extracted from OpenCV's jar into javacpp's cache (CascadeClassifier
     * reads a file path, not a stream); the cache is reused across runs and checked by size
     * and time stamp by javacpp.
     */
    private static Map<Cascade, String> extract(List<Cascade> cascades) {
        Map<Cascade, String> files = new EnumMap<>(Cascade.class);
        for (Cascade cascade : cascades) {
            String resource = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/" + cascade.resource();
            try {
                File file = Loader.cacheResource(opencv_core.class, resource);
                if (file == null) {
                    throw new IllegalStateException("the " + cascade.id() + " cascade " + resource
                            + " is not on the class path; is org.bytedeco:opencv:" + Loader.getPlatform() + " a dependency?");
                }
                files.put(cascade, file.getAbsolutePath());
            } catch (IOException e) {
                throw new UncheckedIOException("the " + cascade.id() + " cascade could not be extracted from OpenCV's jar", e);
            }
        }
        return files;
    }

    /** One classifier per cascade, used by one call at a time. */
    private static final class Classifiers implements AutoCloseable {
        private final List<CascadeClassifier> list;

        Classifiers(List<CascadeClassifier> list) {
            this.list = list;
        }

        CascadeClassifier get(int i) {
            return list.get(i);
        }

        @Override
        public void close() {
            list.forEach(CascadeClassifier::close);
        }
    }
}
