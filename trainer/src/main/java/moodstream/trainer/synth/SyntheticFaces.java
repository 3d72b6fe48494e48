package moodstream.trainer.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import javax.imageio.ImageIO;

/**
 * Draws one cartoon face that smiles ({@link Expression#HAPPY}) or frowns ({@link Expression#SAD}):
 * an outline, two eyes, sometimes a nose, and a mouth that is a quadratic curve bent down at the
 * corners or up. Everything else is random so that only the mouth tells the classes apart:
 * position, size, aspect and tilt of the face, colours of background, face and lines, line
 * widths, eye shape, mouth width, height and depth, background clutter, pixel noise and blur.
 *
 * <p>The mouth's depth (how far its middle sits below or above its corners) is never less than
 * {@link #MIN_MOUTH_DEPTH} of its half width, so no face is ambiguous. The mouth is centred
 * vertically on the same line for both classes: its height in the face is no clue.
 *
 * <p>The same {@link RandomGenerator} state gives the same image. Stateless and thread-safe.
 */
public final class SyntheticFaces {
    /** Smallest mouth depth, as a fraction of the mouth's half width. */
    static final double MIN_MOUTH_DEPTH = 0.45;
    private static final double MAX_MOUTH_DEPTH = 0.8;
    /** Feature lines differ from what they are drawn on by at least this much gray (0-255). */
    private static final double MIN_CONTRAST = 90;

    /**
     * @param size         width and height in pixels (at least 32); shapes scale with it
     * @param maxNoise     largest standard deviation of the Gaussian pixel noise, in 0-255 levels
     * @param blurChance   probability of a 3x3 box blur
     * @param clutterChance probability of 1 to 3 random shapes in the background
     */
    public record Options(int size, double maxNoise, double blurChance, double clutterChance) {
        public static final Options DEFAULT = new Options(128, 10, 0.3, 0.3);

        public Options {
            if (size < 32) {
                throw new IllegalArgumentException("face image size must be at least 32 pixels, got " + size);
            }
            if (!(maxNoise >= 0 && maxNoise <= 64)) {
                throw new IllegalArgumentException("maxNoise must be in [0, 64], got " + maxNoise);
            }
            if (!(blurChance >= 0 && blurChance <= 1) || !(clutterChance >= 0 && clutterChance <= 1)) {
                throw new IllegalArgumentException("blurChance and clutterChance must be in [0, 1]");
            }
        }
    }

    private final Options options;

    public SyntheticFaces() {
        this(Options.DEFAULT);
    }

    public SyntheticFaces(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /** One face; consumes a fixed sequence of draws from {@code random}. */
    public BufferedImage draw(Expression expression, RandomGenerator random) {
        return render(sample(expression, random));
    }

    /** {@link #draw} encoded as PNG; the same random state gives the same bytes. */
    public byte[] drawPng(Expression expression, RandomGenerator random) {
        BufferedImage image = draw(expression, random);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- what a face is: every random choice, made up front ----

    enum EyeShape { DOT, RING, TALL_OVAL, BAR }

    enum ClutterShape { BOX, DISC, LINE }

    /** Feature positions are in the face's own frame: origin at its centre, before the tilt. */
    record Eyes(EyeShape shape, double dx, double y, double size) {
    }

    record Nose(boolean dot, double y, double size) {
    }

    /** {@code depth}: how far the middle of the curve is from the line through its corners. */
    record Mouth(double y, double halfWidth, double depth, double skew) {
    }

    record Clutter(ClutterShape shape, double x, double y, double w, double h, Color color, float width) {
    }

    record Face(Expression expression, Color background, List<Clutter> clutter,
                double cx, double cy, double rx, double ry, double angle,
                Optional<Color> fill, Color outlineColor, float outlineWidth,
                Color featureColor, float featureWidth,
                Eyes eyes, Optional<Nose> nose, Optional<Mouth> mouth,
                boolean blur, double noise, long noiseSeed) {
        Face {
            clutter = List.copyOf(clutter);
        }

        /** The same face with no mouth: what is left when the mouth is taken away (for tests). */
        Face withoutMouth() {
            return new Face(expression, background, clutter, cx, cy, rx, ry, angle, fill, outlineColor, outlineWidth,
                    featureColor, featureWidth, eyes, nose, Optional.empty(), blur, noise, noiseSeed);
        }
    }

    Face sample(Expression expression, RandomGenerator random) {
        double size = options.size();
        double s = size / 128.0;
        Color background = randomColor(random);

        double r = uniform(random, 38, 52) * s;
        double rx = r;
        double ry = r * uniform(random, 0.88, 1.15);
        double cx = size / 2 + uniform(random, -10, 10) * s;
        double cy = size / 2 + uniform(random, -10, 10) * s;
        double angle = Math.toRadians(uniform(random, -12, 12));

        double fillDraw = random.nextDouble();
        Optional<Color> fill = fillDraw < 0.5 ? Optional.of(skin(random))
                : fillDraw < 0.75 ? Optional.of(paleColor(random))
                : Optional.empty();
        Color under = fill.orElse(background);
        Color featureColor = contrasting(under, random);
        Color outlineColor = random.nextDouble() < 0.7 ? featureColor : randomColor(random);
        float outlineWidth = (float) (uniform(random, 1.5, 4.5) * s);
        float featureWidth = (float) (uniform(random, 4.0, 6.5) * s);

        List<Clutter> clutter = new ArrayList<>();
        // Only behind a filled face: the fill keeps clutter away from the eyes and mouth.
        if (fill.isPresent() && random.nextDouble() < options.clutterChance()) {
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                clutter.add(new Clutter(ClutterShape.values()[random.nextInt(ClutterShape.values().length)],
                        uniform(random, 0, size), uniform(random, 0, size),
                        uniform(random, 8, 30) * s, uniform(random, 8, 30) * s,
                        randomColor(random), (float) (uniform(random, 1, 4) * s)));
            }
        }

        Eyes eyes = new Eyes(EyeShape.values()[random.nextInt(EyeShape.values().length)],
                uniform(random, 0.28, 0.42) * rx, -uniform(random, 0.12, 0.32) * ry, uniform(random, 0.07, 0.13) * r);
        Optional<Nose> nose = random.nextDouble() < 0.4
                ? Optional.of(new Nose(random.nextBoolean(), uniform(random, -0.15, -0.02) * ry, uniform(random, 0.04, 0.08) * r))
                : Optional.empty();
        double halfWidth = uniform(random, 0.42, 0.62) * rx;
        Mouth mouth = new Mouth(uniform(random, 0.32, 0.45) * ry, halfWidth,
                uniform(random, MIN_MOUTH_DEPTH, MAX_MOUTH_DEPTH) * halfWidth, uniform(random, -0.15, 0.15) * halfWidth);

        boolean blur = random.nextDouble() < options.blurChance();
        double noise = uniform(random, 0, options.maxNoise());
        return new Face(expression, background, clutter, cx, cy, rx, ry, angle, fill, outlineColor, outlineWidth,
                featureColor, featureWidth, eyes, nose, Optional.of(mouth), blur, noise, random.nextLong());
    }

    // ---- drawing ----

    BufferedImage render(Face face) {
        int size = options.size();
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(face.background());
            g.fillRect(0, 0, size, size);
            for (Clutter c : face.clutter()) {
                drawClutter(g, c);
            }

            AffineTransform canvas = g.getTransform();
            g.translate(face.cx(), face.cy());
            g.rotate(face.angle());
            Ellipse2D outline = new Ellipse2D.Double(-face.rx(), -face.ry(), 2 * face.rx(), 2 * face.ry());
            face.fill().ifPresent(fill -> {
                g.setColor(fill);
                g.fill(outline);
            });
            g.setColor(face.outlineColor());
            g.setStroke(new BasicStroke(face.outlineWidth()));
            g.draw(outline);

            g.setColor(face.featureColor());
            g.setStroke(new BasicStroke(face.featureWidth(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            drawEye(g, face.eyes(), -face.eyes().dx());
            drawEye(g, face.eyes(), face.eyes().dx());
            face.nose().ifPresent(nose -> drawNose(g, nose));
            face.mouth().ifPresent(mouth -> g.draw(mouthCurve(mouth, face.expression().mouthSign())));
            g.setTransform(canvas);
        } finally {
            g.dispose();
        }
        if (face.blur()) {
            boxBlur(image);
        }
        addNoise(image, face.noise(), face.noiseSeed());
        return image;
    }

    /** Corners at {@code y - sign*depth/2}, middle at {@code y + sign*depth/2}: centred on {@code y} either way. */
    static QuadCurve2D mouthCurve(Mouth mouth, int sign) {
        double corners = mouth.y() - sign * mouth.depth() / 2;
        // A quadratic Bezier passes half way to its control point: 2*depth puts the middle at depth.
        double control = corners + sign * 2 * mouth.depth();
        return new QuadCurve2D.Double(-mouth.halfWidth(), corners, mouth.skew(), control, mouth.halfWidth(), corners);
    }

    private static void drawEye(Graphics2D g, Eyes eyes, double x) {
        double d = eyes.size();
        switch (eyes.shape()) {
            case DOT -> g.fill(new Ellipse2D.Double(x - d, eyes.y() - d, 2 * d, 2 * d));
            case RING -> g.draw(new Ellipse2D.Double(x - d, eyes.y() - d, 2 * d, 2 * d));
            case TALL_OVAL -> g.fill(new Ellipse2D.Double(x - 0.7 * d, eyes.y() - 1.3 * d, 1.4 * d, 2.6 * d));
            case BAR -> g.draw(new Line2D.Double(x - d, eyes.y(), x + d, eyes.y()));
        }
    }

    private static void drawNose(Graphics2D g, Nose nose) {
        double d = nose.size();
        if (nose.dot()) {
            g.fill(new Ellipse2D.Double(-d, nose.y() - d, 2 * d, 2 * d));
        } else {
            g.draw(new Line2D.Double(0, nose.y() - d, 0, nose.y() + d));
        }
    }

    private static void drawClutter(Graphics2D g, Clutter c) {
        g.setColor(c.color());
        g.setStroke(new BasicStroke(c.width()));
        switch (c.shape()) {
            case BOX -> g.draw(new Rectangle2D.Double(c.x() - c.w() / 2, c.y() - c.h() / 2, c.w(), c.h()));
            case DISC -> g.fill(new Ellipse2D.Double(c.x() - c.w() / 2, c.y() - c.w() / 2, c.w(), c.w()));
            case LINE -> g.draw(new Line2D.Double(c.x(), c.y(), c.x() + c.w(), c.y() + c.h()));
        }
    }

    /** 3x3 box blur with clamped edges; plain Java so the bytes do not depend on a native imaging library. */
    private static void boxBlur(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] src = image.getRGB(0, 0, w, h, null, 0, w);
        int[] dst = new int[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 0;
                int gr = 0;
                int b = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = Math.min(h - 1, Math.max(0, y + dy));
                    for (int dx = -1; dx <= 1; dx++) {
                        int rgb = src[yy * w + Math.min(w - 1, Math.max(0, x + dx))];
                        r += (rgb >> 16) & 0xFF;
                        gr += (rgb >> 8) & 0xFF;
                        b += rgb & 0xFF;
                    }
                }
                dst[y * w + x] = ((r + 4) / 9) << 16 | ((gr + 4) / 9) << 8 | (b + 4) / 9;
            }
        }
        image.setRGB(0, 0, w, h, dst, 0, w);
    }

    private static void addNoise(BufferedImage image, double sigma, long seed) {
        if (sigma <= 0) {
            return;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int w = image.getWidth();
        int h = image.getHeight();
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < pixels.length; i++) {
            int rgb = pixels[i];
            int r = clamp(((rgb >> 16) & 0xFF) + random.nextGaussian() * sigma);
            int gr = clamp(((rgb >> 8) & 0xFF) + random.nextGaussian() * sigma);
            int b = clamp((rgb & 0xFF) + random.nextGaussian() * sigma);
            pixels[i] = r << 16 | gr << 8 | b;
        }
        image.setRGB(0, 0, w, h, pixels, 0, w);
    }

    // ---- colours ----

    private static Color randomColor(RandomGenerator random) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }

    /** Any hue, light enough for dark lines: drawn faces are mostly dark lines on a light face. */
    private static Color paleColor(RandomGenerator random) {
        return new Color(120 + random.nextInt(136), 120 + random.nextInt(136), 120 + random.nextInt(136));
    }

    /** A skin tone between light and dark, or now and then a smiley's yellow. */
    private static Color skin(RandomGenerator random) {
        if (random.nextDouble() < 0.15) {
            return new Color(clamp(255 - random.nextInt(20)), clamp(205 + random.nextInt(30) - 15), random.nextInt(40));
        }
        double t = random.nextDouble();
        return new Color(jitter(lerp(255, 120, t), random), jitter(lerp(224, 72, t), random), jitter(lerp(196, 40, t), random));
    }

    /** A dark colour on a light ground or a light one on a dark ground, at least {@link #MIN_CONTRAST} apart in gray. */
    private static Color contrasting(Color under, RandomGenerator random) {
        boolean dark = luma(under) >= 128;
        for (int attempt = 0; attempt < 20; attempt++) {
            Color candidate = dark
                    ? new Color(random.nextInt(80), random.nextInt(80), random.nextInt(80))
                    : new Color(175 + random.nextInt(81), 175 + random.nextInt(81), 175 + random.nextInt(81));
            if (Math.abs(luma(candidate) - luma(under)) >= MIN_CONTRAST) {
                return candidate;
            }
        }
        return dark ? Color.BLACK : Color.WHITE;
    }

    /** BT.601, the weights core uses to turn RGB into the model's gray. */
    static double luma(Color c) {
        return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
    }

    private static int jitter(double value, RandomGenerator random) {
        return clamp(value + random.nextInt(31) - 15);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    private static double uniform(RandomGenerator random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }
}
