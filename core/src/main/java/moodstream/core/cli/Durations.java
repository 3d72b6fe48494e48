package moodstream.core.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way a command-line duration is written: {@code 30s}, {@code 500ms}, {@code 2m},
 * {@code 1h}, a plain number of seconds, or ISO-8601 ({@code PT30S}). Written here rather than
 * taken from {@link Duration#parse} alone because ISO-8601 is not what people type.
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private Durations() {
    }

    /**
     * @param option names the option in the message, e.g. {@code --timeout}
     * @throws IllegalArgumentException naming the option and what to write, for text that is no
     *                                  positive duration
     */
    public static Duration parse(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        Duration d;
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            double unitMs = switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> 1;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 1_000;
            };
            d = Duration.ofMillis(Math.round(n * unitMs));
        } else {
            try {
                d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(option + " must be a duration such as 30s, 500ms, 2m, 1h or PT30S, not '" + text + "'", e);
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(option + " must be positive, got '" + text + "'");
        }
        return d;
    }
}
