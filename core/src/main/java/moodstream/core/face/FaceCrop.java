package moodstream.core.face;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;

/**
 * Where to crop an image around its largest face: the face box grown by {@code margin} of its
 * size on every side, widened or heightened about its centre to the model's {@code aspect},
 * then moved inside the image; if it is still larger than the image it shrinks about the face
 * centre, keeping the aspect. The margin keeps forehead and chin, which carry the expression's
 * brows and mouth corners that a tight cascade box cuts.
 *
 * @param margin fraction of the face box's width (or height) added on each side, 0 to 1
 * @param aspect crop width / height, the model input's (1 for square), 0.25 to 4
 */
public record FaceCrop(double margin, double aspect) {
    public FaceCrop {
        if (!(margin >= 0 && margin <= 1)) {
            throw new IllegalArgumentException("face crop margin must be 0 to 1 (of the face size), got " + margin);
        }
        if (!(aspect >= 0.25 && aspect <= 4)) {
            throw new IllegalArgumentException("face crop aspect (width/height) must be 0.25 to 4, got " + aspect);
        }
    }

    /** The crop around the largest of {@code faces}, empty when there are none. */
    public Optional<CropRegion> region(int imageWidth, int imageHeight, List<FaceBox> faces) {
        return faces.stream().max((a, b) -> Long.compare(a.area(), b.area()))
                .map(face -> region(imageWidth, imageHeight, face));
    }

    CropRegion region(int imageWidth, int imageHeight, FaceBox face) {
        double cx = face.x() + face.width() / 2.0;
        double cy = face.y() + face.height() / 2.0;
        double w = face.width() * (1 + 2 * margin);
        double h = face.height() * (1 + 2 * margin);
        if (w / h < aspect) {
            w = h * aspect;
        } else {
            h = w / aspect;
        }
        double fit = Math.min(1.0, Math.min(imageWidth / w, imageHeight / h));
        w *= fit;
        h *= fit;
        int cw = Math.max(1, Math.min(imageWidth, (int) Math.round(w)));
        int ch = Math.max(1, Math.min(imageHeight, (int) Math.round(h)));
        int x = clamp((int) Math.round(cx - cw / 2.0), 0, imageWidth - cw);
        int y = clamp((int) Math.round(cy - ch / 2.0), 0, imageHeight - ch);
        return new CropRegion(x, y, cw, ch);
    }

    /** The region of {@code image} (sharing its pixels, as {@link BufferedImage#getSubimage} does). */
    public static BufferedImage crop(BufferedImage image, CropRegion region) {
        if (!region.fitsIn(image.getWidth(), image.getHeight())) {
            throw new IllegalArgumentException("crop " + region + " is outside the " + image.getWidth() + "x" + image.getHeight() + " image");
        }
        return image.getSubimage(region.x(), region.y(), region.width(), region.height());
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
