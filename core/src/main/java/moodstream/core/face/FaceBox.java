package moodstream.core.face;

/**
 * A detected face: an axis-aligned box in the pixel coordinates of the image given to
 * {@link FaceDetector#detect}, always inside it ({@code x + width <= image width}).
 */
public record FaceBox(int x, int y, int width, int height) {
    public FaceBox {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a face box needs x, y >= 0 and a positive size, got " + describe(x, y, width, height));
        }
    }

    public long area() {
        return (long) width * height;
    }

    /** Intersection over union, 0 for disjoint boxes. */
    public double iou(FaceBox other) {
        int ix = Math.max(0, Math.min(x + width, other.x + other.width) - Math.max(x, other.x));
        int iy = Math.max(0, Math.min(y + height, other.y + other.height) - Math.max(y, other.y));
        long inter = (long) ix * iy;
        return inter == 0 ? 0 : (double) inter / (area() + other.area() - inter);
    }

    public boolean fitsIn(int imageWidth, int imageHeight) {
        return x + width <= imageWidth && y + height <= imageHeight;
    }

    private static String describe(int x, int y, int w, int h) {
        return x + "," + y + " " + w + "x" + h;
    }
}
