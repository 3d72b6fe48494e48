package moodstream.core.face;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Generated test images for the detector. A drawn frontal face (light oval, dark eyes and
 * brows, a lighter nose ridge, a dark mouth) is what OpenCV's frontal cascades fire on even at
 * minNeighbors 3 (probed for default, alt, alt2 and LBP); the profile cascades do not, so their
 * plumbing is tested on smooth blob noise, which gives them raw hits at minNeighbors 0.
 */
public final class DrawnFaces {
    private DrawnFaces() {
    }

    /** A gray image with one drawn frontal face whose oval is {@code size} wide at (x, y), turned by {@code degrees}. */
    public static BufferedImage face(int width, int height, int x, int y, int size, double degrees) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(90, 90, 90));
        g.fillRect(0, 0, width, height);
        int fw = size;
        int fh = (int) (fw * 1.3);
        g.rotate(Math.toRadians(degrees), x + fw / 2.0, y + fh / 2.0);
        g.setColor(new Color(200, 200, 200));
        g.fillOval(x, y, fw, fh);
        g.setColor(new Color(40, 40, 40));
        g.fillOval(x + fw / 5, y + fh * 3 / 10, fw / 5, fw / 9);
        g.fillOval(x + fw * 3 / 5, y + fh * 3 / 10, fw / 5, fw / 9);
        g.fillRect(x + fw / 6, y + fh / 4, fw / 4, fw / 20);
        g.fillRect(x + fw * 7 / 12, y + fh / 4, fw / 4, fw / 20);
        g.setColor(new Color(150, 150, 150));
        g.fillRect(x + fw * 9 / 20, y + fh * 4 / 10, fw / 10, fh / 5);
        g.setColor(new Color(60, 60, 60));
        g.fillOval(x + fw * 3 / 10, y + fh * 7 / 10, fw * 2 / 5, fh / 12);
        g.dispose();
        return img;
    }

    /**
     * {@code image} in RGB with a red patch in its top left corner (80x60, away from the faces the
     * tests draw): a colour photo to a bundle's route, where the drawn face alone is gray.
     */
    public static BufferedImage inColour(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.setColor(Color.RED);
        g.fillRect(0, 0, 80, 60);
        g.dispose();
        return out;
    }

    /** Random gray levels on a coarse grid, smoothly enlarged: structure at window scale, unlike pixel noise. */
    public static BufferedImage blobs(int width, int height, int cells, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage small = new BufferedImage(cells, Math.max(2, cells * height / width), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < small.getHeight(); y++) {
            for (int x = 0; x < small.getWidth(); x++) {
                small.getRaster().setSample(x, y, 0, random.nextInt(256));
            }
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(small, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    /** Each pixel repeated as a factor x factor block. */
    static BufferedImage enlarged(BufferedImage image, int factor) {
        BufferedImage out = new BufferedImage(image.getWidth() * factor, image.getHeight() * factor, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.getRaster().setSample(x, y, 0, image.getRaster().getSample(x / factor, y / factor, 0));
            }
        }
        return out;
    }

    static BufferedImage mirrored(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.getRaster().setSample(image.getWidth() - 1 - x, y, 0, image.getRaster().getSample(x, y, 0));
            }
        }
        return out;
    }
}
