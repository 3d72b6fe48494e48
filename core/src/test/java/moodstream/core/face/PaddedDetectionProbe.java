package moodstream.core.face;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import moodstream.core.image.DecodedImage;
import moodstream.core.image.ImageDecoder;
import moodstream.core.image.ImageLimits;
import moodstream.core.image.InvalidImageException;

/**
 * Not a test: a measurement for docs/training.md ("Recipe step 2"). For each class folder under
 * each DIR, how many images the default detector finds no face in, and how many of those it finds
 * one in once the image is padded with mid-grey by 25% (then 50%) of its size on every side: does
 * "a face fills the frame" tell a face crop from a scene without a face?
 *
 * <p>Usage: {@code PaddedDetectionProbe DIR...}; images decoded as the face step decodes them (160 px margin).
 */
public final class PaddedDetectionProbe {
    private PaddedDetectionProbe() {
    }

    public static void main(String[] args) throws IOException {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        try (FaceDetector detector = FaceDetector.open(FaceDetectorSettings.DEFAULT)) {
            for (String root : args) {
                Map<String, int[]> counts = new TreeMap<>();
                try (Stream<Path> files = Files.walk(Path.of(root))) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        int[] c = counts.computeIfAbsent(file.getParent().getFileName().toString(), k -> new int[4]);
                        DecodedImage decoded;
                        try {
                            decoded = decoder.decode(Files.readAllBytes(file), 160, 160);
                        } catch (InvalidImageException e) {
                            continue;
                        }
                        c[0]++;
                        if (!detector.detect(decoded.image()).isEmpty()) {
                            c[1]++;
                        } else if (!detector.detect(padded(decoded.image(), 0.25)).isEmpty()) {
                            c[2]++;
                        } else if (!detector.detect(padded(decoded.image(), 0.5)).isEmpty()) {
                            c[3]++;
                        }
                    }
                }
                counts.forEach((label, c) -> System.out.printf("%s %s: %d images, a face in %d; of the %d without: padded 25%%"
                        + " finds one in %d, padded 50%% in %d more%n", root, label, c[0], c[1], c[0] - c[1], c[2], c[3]));
            }
        }
    }

    private static BufferedImage padded(BufferedImage image, double fraction) {
        int px = (int) Math.round(image.getWidth() * fraction);
        int py = (int) Math.round(image.getHeight() * fraction);
        BufferedImage out = new BufferedImage(image.getWidth() + 2 * px, image.getHeight() + 2 * py, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(new Color(128, 128, 128));
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(image, px, py, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
