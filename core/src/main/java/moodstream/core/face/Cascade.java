package moodstream.core.face;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * The face cascades that OpenCV's {@code linux-x86_64} jar ships, by the name a model card
 * stores. Only these are offered: a cascade that travels inside the dependency is the same file
 * in training and in serving, which a path on some machine would not be.
 */
public enum Cascade {
    HAAR_FRONTALFACE_DEFAULT("haarcascades/haarcascade_frontalface_default.xml", false),
    HAAR_FRONTALFACE_ALT("haarcascades/haarcascade_frontalface_alt.xml", false),
    HAAR_FRONTALFACE_ALT2("haarcascades/haarcascade_frontalface_alt2.xml", false),
    HAAR_FRONTALFACE_ALT_TREE("haarcascades/haarcascade_frontalface_alt_tree.xml", false),
    /** Trained on faces turned to one side only; {@link FaceDetectorSettings#mirrored()} covers the other. */
    HAAR_PROFILEFACE("haarcascades/haarcascade_profileface.xml", true),
    LBP_FRONTALFACE("lbpcascades/lbpcascade_frontalface.xml", false),
    LBP_FRONTALFACE_IMPROVED("lbpcascades/lbpcascade_frontalface_improved.xml", false),
    LBP_PROFILEFACE("lbpcascades/lbpcascade_profileface.xml", true);

    private final String resource;
    private final boolean oneSided;

    Cascade(String resource, boolean oneSided) {
        this.resource = resource;
        this.oneSided = oneSided;
    }

    /** The file inside the jar, below {@code share/opencv4/}. */
    public String resource() {
        return resource;
    }

    /** True for profile cascades, which find faces turned one way only. */
    public boolean oneSided() {
        return oneSided;
    }

    /** The name stored in settings and cards: {@code haar_frontalface_default}, ... */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Cascade fromId(String id) {
        for (Cascade c : values()) {
            if (c.id().equalsIgnoreCase(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown face cascade '" + id + "'; known: "
                + Arrays.stream(values()).map(Cascade::id).toList());
    }
}
