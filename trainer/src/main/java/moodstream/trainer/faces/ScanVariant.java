package moodstream.trainer.faces;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import moodstream.core.face.Cascade;
import moodstream.core.face.FaceDetectorSettings;

/**
 * A named detector setting that {@code face-scan} measures. {@link #ALL} is the list the docs'
 * table comes from: each cascade alone, the profile cascades with their mirror, unions, small
 * rotations, OpenCV's knobs one at a time, and the size the image is reduced to first.
 */
public record ScanVariant(String name, FaceDetectorSettings settings) {
    /** The reduced size most variants detect at: the decoder's hand-over is of this order. */
    static final int SIDE = 640;

    public static final List<ScanVariant> ALL = build();

    public static List<ScanVariant> named(String names) {
        if (names == null || names.isBlank() || names.equals("all")) {
            return ALL;
        }
        List<ScanVariant> chosen = new ArrayList<>();
        for (String n : names.split(",")) {
            chosen.add(ALL.stream().filter(v -> v.name().equals(n.trim())).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("unknown face-scan variant '" + n.trim() + "'; known: "
                            + ALL.stream().map(ScanVariant::name).toList())));
        }
        return List.copyOf(chosen);
    }

    private static List<ScanVariant> build() {
        List<ScanVariant> v = new ArrayList<>();
        // OpenCV's tutorial values: scaleFactor 1.1, minNeighbors 3; faces from a tenth of the short side.
        v.add(one("default-full", Cascade.HAAR_FRONTALFACE_DEFAULT, 0));
        for (int side : new int[] {1024, 800, 640, 480, 320}) {
            v.add(one("default-" + side, Cascade.HAAR_FRONTALFACE_DEFAULT, side));
        }
        v.add(one("alt", Cascade.HAAR_FRONTALFACE_ALT, SIDE));
        v.add(one("alt2", Cascade.HAAR_FRONTALFACE_ALT2, SIDE));
        v.add(one("alt_tree", Cascade.HAAR_FRONTALFACE_ALT_TREE, SIDE));
        v.add(one("lbp", Cascade.LBP_FRONTALFACE, SIDE));
        v.add(one("lbp_improved", Cascade.LBP_FRONTALFACE_IMPROVED, SIDE));
        v.add(new ScanVariant("profile+mirror", settings(List.of(Cascade.HAAR_PROFILEFACE), 1.1, 3, 0.1, true, List.of(), false)));
        v.add(new ScanVariant("lbp_profile+mirror", settings(List.of(Cascade.LBP_PROFILEFACE), 1.1, 3, 0.1, true, List.of(), false)));
        v.add(new ScanVariant("default+profile+mirror", settings(List.of(Cascade.HAAR_FRONTALFACE_DEFAULT,
                Cascade.HAAR_PROFILEFACE), 1.1, 3, 0.1, true, List.of(), true)));
        v.add(new ScanVariant("alt2+profile+mirror", settings(List.of(Cascade.HAAR_FRONTALFACE_ALT2,
                Cascade.HAAR_PROFILEFACE), 1.1, 3, 0.1, true, List.of(), true)));
        v.add(new ScanVariant("default+alt2+profile+mirror", settings(List.of(Cascade.HAAR_FRONTALFACE_DEFAULT,
                Cascade.HAAR_FRONTALFACE_ALT2, Cascade.HAAR_PROFILEFACE), 1.1, 3, 0.1, true, List.of(), true)));
        v.add(new ScanVariant("default+rot12", settings(List.of(Cascade.HAAR_FRONTALFACE_DEFAULT), 1.1, 3, 0.1, false,
                List.of(12.0, -12.0), true)));
        v.add(new ScanVariant("alt2+rot12", settings(List.of(Cascade.HAAR_FRONTALFACE_ALT2), 1.1, 3, 0.1, false,
                List.of(12.0, -12.0), true)));
        v.add(new ScanVariant("default+profile+mirror+rot12", settings(List.of(Cascade.HAAR_FRONTALFACE_DEFAULT,
                Cascade.HAAR_PROFILEFACE), 1.1, 3, 0.1, true, List.of(12.0, -12.0), true)));
        v.add(new ScanVariant("alt2+profile+mirror+rot12", settings(List.of(Cascade.HAAR_FRONTALFACE_ALT2,
                Cascade.HAAR_PROFILEFACE), 1.1, 3, 0.1, true, List.of(12.0, -12.0), true)));
        // The best gap above (default+rot12) with the two knobs that raised both rates.
        v.add(new ScanVariant("default+rot12-mn2", settings(List.of(Cascade.HAAR_FRONTALFACE_DEFAULT), 1.1, 2, 0.1, false,
                List.of(12.0, -12.0), true)));
        v.add(new ScanVariant("default+rot12-sf1.05", settings(List.of(Cascade.HAAR_FRONTALFACE_DEFAULT), 1.05, 3, 0.1, false,
                List.of(12.0, -12.0), true)));
        // OpenCV's knobs, one at a time, on the default cascade.
        v.add(knob("default-sf1.05", 1.05, 3, 0.1, true));
        v.add(knob("default-sf1.2", 1.2, 3, 0.1, true));
        v.add(knob("default-mn2", 1.1, 2, 0.1, true));
        v.add(knob("default-mn5", 1.1, 5, 0.1, true));
        v.add(knob("default-min0.05", 1.1, 3, 0.05, true));
        v.add(knob("default-min0.2", 1.1, 3, 0.2, true));
        v.add(knob("default-noeq", 1.1, 3, 0.1, false));
        return List.copyOf(v);
    }

    private static ScanVariant one(String name, Cascade cascade, int side) {
        return new ScanVariant(name, FaceDetectorSettings.single(cascade, 1.1, 3, 0.1).withMaxSide(side));
    }

    private static ScanVariant knob(String name, double scaleFactor, int minNeighbors, double minFace, boolean equalize) {
        return new ScanVariant(name, new FaceDetectorSettings(List.of(Cascade.HAAR_FRONTALFACE_DEFAULT), scaleFactor, minNeighbors,
                minFace, false, List.of(), SIDE, equalize, false));
    }

    private static FaceDetectorSettings settings(List<Cascade> cascades, double sf, int mn, double minFace, boolean mirrored,
                                                 List<Double> rotations, boolean untilFound) {
        return new FaceDetectorSettings(cascades, sf, mn, minFace, mirrored, rotations, SIDE, true, untilFound);
    }

    @Override
    public String toString() {
        return name + " " + settings;
    }

    static String names() {
        return String.join(",", Arrays.asList(ALL.stream().map(ScanVariant::name).toArray(String[]::new)));
    }
}
