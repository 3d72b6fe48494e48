package moodstream.core.face;

import java.util.HashSet;
import java.util.List;

/**
 * How faces are found; the part of a model card's preprocessing that says where the crop came
 * from, so training and serving detect the same way.
 *
 * <p>Detection runs in passes: for each angle (0 first, then {@code rotations} in order), each
 * cascade in order, and for one-sided (profile) cascades with {@code mirrored} also on the
 * horizontally flipped image. Boxes of all passes are merged (see {@link FaceDetector}).
 *
 * @param cascades        the cascades, in pass order; at least one, no repeats
 * @param scaleFactor     OpenCV's step between window scales, in (1, 2]
 * @param minNeighbors    OpenCV's overlapping raw hits a face needs, 0 to 50
 * @param minFaceFraction the smallest face side as a fraction of the shorter image side, in (0, 1]:
 *                        relative, so a face counts the same whatever size the image arrives at
 * @param mirrored        also run one-sided cascades on the mirrored image (faces turned the other way)
 * @param rotations       extra angles in degrees tried after 0, each in [-45, 45], not 0, no repeats
 * @param maxSide         the image is first reduced (area averaging) to at most this long side,
 *                        64 to 4096, or 0 to detect at the size given; a fixed side makes the
 *                        result independent of how large the decoder handed the image over
 * @param equalize        equalize the gray histogram before detecting (OpenCV's usual step)
 * @param untilFound      stop after the first pass that finds a face: later passes only run for
 *                        images the earlier ones missed, which keeps unions cheap
 */
public record FaceDetectorSettings(
        List<Cascade> cascades,
        double scaleFactor,
        int minNeighbors,
        double minFaceFraction,
        boolean mirrored,
        List<Double> rotations,
        int maxSide,
        boolean equalize,
        boolean untilFound) {

    /**
     * The setting chosen by measurement on web-happy-sad (docs/training.md, "Face detection"):
     * the default frontal Haar cascade, OpenCV's usual scaleFactor 1.1 and minNeighbors 3,
     * faces from a tenth of the short side, on the image reduced to 640 px, with passes turned
     * by +12 and -12 degrees for images the upright pass misses. Of the settings measured it
     * found faces in the most sad photos short of a 2.5x slower union, with the smallest
     * happy-sad gap among those above 55% on both classes.
     */
    public static final FaceDetectorSettings DEFAULT = new FaceDetectorSettings(List.of(Cascade.HAAR_FRONTALFACE_DEFAULT),
            1.1, 3, 0.1, false, List.of(12.0, -12.0), 640, true, true);

    public FaceDetectorSettings {
        cascades = List.copyOf(cascades);
        rotations = List.copyOf(rotations);
        if (cascades.isEmpty()) {
            throw new IllegalArgumentException("face detection needs at least one cascade");
        }
        if (new HashSet<>(cascades).size() != cascades.size()) {
            throw new IllegalArgumentException("face cascades repeat: " + cascades);
        }
        if (!(scaleFactor > 1 && scaleFactor <= 2)) {
            throw new IllegalArgumentException("scaleFactor must be in (1, 2], got " + scaleFactor);
        }
        if (minNeighbors < 0 || minNeighbors > 50) {
            throw new IllegalArgumentException("minNeighbors must be 0 to 50, got " + minNeighbors);
        }
        if (!(minFaceFraction > 0 && minFaceFraction <= 1)) {
            throw new IllegalArgumentException("minFaceFraction must be in (0, 1], got " + minFaceFraction);
        }
        for (Double angle : rotations) {
            if (angle == null || !(Math.abs(angle) <= 45) || angle == 0) {
                throw new IllegalArgumentException("rotations must be non-zero angles in [-45, 45] degrees, got " + rotations);
            }
        }
        if (new HashSet<>(rotations).size() != rotations.size()) {
            throw new IllegalArgumentException("rotations repeat: " + rotations);
        }
        if (maxSide != 0 && (maxSide < 64 || maxSide > 4096)) {
            throw new IllegalArgumentException("maxSide must be 0 (as given) or 64 to 4096, got " + maxSide);
        }
    }

    /** One cascade, no mirror, no rotation, at the size given: OpenCV's tutorial setting. */
    public static FaceDetectorSettings single(Cascade cascade, double scaleFactor, int minNeighbors, double minFaceFraction) {
        return new FaceDetectorSettings(List.of(cascade), scaleFactor, minNeighbors, minFaceFraction, false, List.of(), 0, true, false);
    }

    public FaceDetectorSettings withMaxSide(int side) {
        return new FaceDetectorSettings(cascades, scaleFactor, minNeighbors, minFaceFraction, mirrored, rotations, side, equalize, untilFound);
    }

    /** How many detectMultiScale passes an image gets when none stops early. */
    public int passes() {
        long oneSided = cascades.stream().filter(Cascade::oneSided).count();
        int perAngle = cascades.size() + (mirrored ? (int) oneSided : 0);
        return perAngle * (1 + rotations.size());
    }
}
