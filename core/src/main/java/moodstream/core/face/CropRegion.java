package moodstream.core.face;

/** A rectangle of an image to crop, in its pixel coordinates. */
public record CropRegion(int x, int y, int width, int height) {
    public CropRegion {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a crop needs x, y >= 0 and a positive size, got " + x + "," + y + " " + width + "x" + height);
        }
    }

    public boolean fitsIn(int imageWidth, int imageHeight) {
        return x + width <= imageWidth && y + height <= imageHeight;
    }
}
