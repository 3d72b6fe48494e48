package moodstream.core.image;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import moodstream.core.face.CropRegion;
import moodstream.core.face.FaceBox;
import moodstream.core.face.FaceCrop;
import moodstream.core.face.FaceCropSpec;
import moodstream.core.face.FaceDetector;

/**
 * The face step of {@link ImagePreprocessor}, as the model card's {@link FaceCropSpec} says:
 * find faces on the decoded image, cut the largest with its margin at the model's aspect, or
 * take the whole image (or refuse it as {@link ImageError#NO_FACE}) when there is none.
 * Owns the detector's native classifiers.
 */
final class FaceCropping implements AutoCloseable {
    private final FaceCropSpec spec;
    private final FaceCrop crop;
    private final FaceDetector detector;

    FaceCropping(FaceCropSpec spec) {
        this.spec = spec;
        this.crop = spec.crop();
        this.detector = FaceDetector.open(spec.settings());
    }

    /**
     * The smallest side the decoder may reduce an image to: the detector works on images of
     * {@code maxSide} pixels on the long side (measured in docs/training.md, "Face detection"),
     * and the decoder keeps at least 4x what it is asked for on each axis.
     */
    int decodeMinSide(int modelSide) {
        int detectSide = spec.settings().maxSide() == 0 ? 640 : spec.settings().maxSide();
        return Math.max(modelSide, (detectSide + 3) / 4);
    }

    /** The region of {@code decoded} to feed the model, with the face box in whole-image coordinates. */
    Cropped apply(DecodedImage decoded) {
        BufferedImage image = trueAspect(decoded);
        List<FaceBox> faces = detector.detect(image);
        Optional<CropRegion> region = crop.region(image.getWidth(), image.getHeight(), faces);
        if (region.isEmpty()) {
            if (FaceCropSpec.NO_FACE_DEAD_LETTER.equals(spec.noFace())) {
                throw new InvalidImageException(ImageError.NO_FACE, "no face found in the " + decoded.info().width() + "x"
                        + decoded.info().height() + " image (detector " + spec.detector() + "); the model is set to refuse"
                        + " images without a face (noFace: dead-letter, from its card or --no-face)");
            }
            return new Cropped(image, null);
        }
        CropRegion r = region.get();
        // The decoder may have reduced the image; report the box in the image's own pixels.
        double sx = (double) decoded.info().width() / image.getWidth();
        double sy = (double) decoded.info().height() / image.getHeight();
        int x = (int) Math.round(r.x() * sx);
        int y = (int) Math.round(r.y() * sy);
        CropRegion original = new CropRegion(x, y,
                Math.max(1, Math.min(decoded.info().width() - x, (int) Math.round(r.width() * sx))),
                Math.max(1, Math.min(decoded.info().height() - y, (int) Math.round(r.height() * sy))));
        return new Cropped(FaceCrop.crop(image, r), original);
    }

    /**
     * The decoded image at the original's aspect. The decoder thins each axis on its own (a
     * 1600x1200 photo can arrive as 800x1200), which the model's stretching resize does not mind
     * but a face detector does: its windows are square, and a squeezed face is no face. The
     * less-reduced axis is scaled down to match the other, never up.
     */
    private static BufferedImage trueAspect(DecodedImage decoded) {
        BufferedImage image = decoded.image();
        double sx = (double) image.getWidth() / decoded.info().width();
        double sy = (double) image.getHeight() / decoded.info().height();
        if (Math.abs(sx - sy) <= 0.01 * Math.max(sx, sy)) {
            return image;
        }
        double s = Math.min(sx, sy);
        int w = Math.max(1, (int) Math.round(decoded.info().width() * s));
        int h = Math.max(1, (int) Math.round(decoded.info().height() * s));
        int type = image.getType() != BufferedImage.TYPE_CUSTOM ? image.getType()
                : image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage out = new BufferedImage(w, h, type);
        java.awt.Graphics2D g = out.createGraphics();
        try {
            // Bilinear: for a photo's shape the squeeze is at most about 2x, where it is close to an
            // area average; the area resize to the model input still follows. (A long strip is
            // squeezed more and aliases; its face, if any, is small anyway.)
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** What goes on to the resize: the pixels, and the face box (null for the whole image). */
    record Cropped(BufferedImage image, CropRegion face) {
    }

    @Override
    public void close() {
        detector.close();
    }
}
