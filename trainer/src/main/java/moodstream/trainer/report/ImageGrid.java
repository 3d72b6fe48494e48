package moodstream.trainer.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import moodstream.core.image.PreprocessingSpec;
import moodstream.trainer.io.AtomicFiles;

/**
 * A PNG grid of images with captions, drawn from the model's own input tensors so the
 * picture shows exactly what the network saw (the tutorial's preview, and the grid of
 * misclassified test images).
 */
public final class ImageGrid {
    private static final int TILE = 128;
    private static final int CAPTION = 34;

    private ImageGrid() {
    }

    /** One tile: a CHW tensor and up to two caption lines. */
    public record Tile(float[] pixels, String caption, String detail) {
    }

    public static void write(List<Tile> tiles, PreprocessingSpec spec, int columns, Path png) throws IOException {
        int cols = Math.max(1, Math.min(columns, tiles.size()));
        int rows = Math.max(1, (tiles.size() + cols - 1) / cols);
        BufferedImage grid = new BufferedImage(cols * TILE, rows * (TILE + CAPTION), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        if (tiles.isEmpty()) {
            g.setColor(Color.DARK_GRAY);
            g.drawString("(none)", 8, 20);
        }
        for (int i = 0; i < tiles.size(); i++) {
            int x = (i % cols) * TILE;
            int y = (i / cols) * (TILE + CAPTION);
            Tile tile = tiles.get(i);
            g.drawImage(toImage(tile.pixels(), spec), x, y, TILE, TILE, null);
            g.setColor(Color.BLACK);
            g.drawString(clip(tile.caption()), x + 4, y + TILE + 14);
            if (tile.detail() != null) {
                g.setColor(Color.DARK_GRAY);
                g.drawString(clip(tile.detail()), x + 4, y + TILE + 28);
            }
        }
        g.dispose();
        AtomicFiles.write(png, tmp -> ImageIO.write(grid, "png", tmp.toFile()));
    }

    /** A CHW tensor in [0,1] back to an 8-bit picture. */
    public static BufferedImage toImage(float[] chw, PreprocessingSpec spec) {
        int w = spec.width();
        int h = spec.height();
        int plane = w * h;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int r = byteOf(chw[i]);
                int gr = spec.channels() == 3 ? byteOf(chw[plane + i]) : r;
                int b = spec.channels() == 3 ? byteOf(chw[2 * plane + i]) : r;
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return image;
    }

    private static int byteOf(float v) {
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }

    private static String clip(String s) {
        return s.length() <= 19 ? s : s.substring(0, 18) + "…";
    }
}
