package moodstream.streamer.follow;

import java.util.Locale;

/**
 * The table {@code moodstream labels} prints: one line per record, key, label, score and
 * latency, for a dead letter its error code and message, for an unreadable record why.
 *
 * <pre>
 * KEY                               LABEL                            SCORE  LATENCY_MS
 * photos/a.jpg                      happy                            0.931         153
 * notes.txt                         DEAD LETTER NOT_AN_IMAGE             -         210  the bytes start with ...
 * </pre>
 *
 * Longer keys are never cut (they are the image's identity); they push the row to the right.
 */
public final class TableFormat {
    private static final int LABEL_WIDTH = 30;
    private final int keyWidth;

    public TableFormat() {
        this(32);
    }

    public TableFormat(int keyWidth) {
        if (keyWidth < 1) {
            throw new IllegalArgumentException("key width must be positive, got " + keyWidth);
        }
        this.keyWidth = keyWidth;
    }

    public String header() {
        return line("KEY", "LABEL", "SCORE", "LATENCY_MS", "");
    }

    public String row(FollowedRecord e) {
        String key = e.key() == null ? "(no key)" : oneLine(e.key());
        String latency = Long.toString(e.latencyMs());
        if (e.label().isPresent()) {
            return line(key, oneLine(e.label().get().label()), String.format(Locale.ROOT, "%.3f", e.label().get().score()),
                    latency, "");
        }
        String detail = oneLine(e.errorMessage().orElse(""));
        if (e.deadLetter()) {
            return line(key, "DEAD LETTER " + oneLine(e.errorCode().get()), "-", latency, detail);
        }
        return line(key, "UNREADABLE", "-", latency, detail);
    }

    private String line(String key, String label, String score, String latency, String detail) {
        String row = String.format(Locale.ROOT, "%-" + keyWidth + "s  %-" + LABEL_WIDTH + "s  %6s  %10s", key, label, score, latency);
        return detail.isEmpty() ? row : row + "  " + detail;
    }

    /** Control characters (a newline in an error message, a tab in a key) would break the one line per record. */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString();
    }
}
