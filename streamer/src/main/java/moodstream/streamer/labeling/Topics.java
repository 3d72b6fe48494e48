package moodstream.streamer.labeling;

/** The three topics the app touches; their default names are declared here only. */
public record Topics(String input, String output, String deadLetter) {
    public static final String DEFAULT_INPUT = "images";
    public static final String DEFAULT_OUTPUT = "labels";
    public static final String DEFAULT_DEAD_LETTER = "images.dlq";
    public static final Topics DEFAULT = new Topics(DEFAULT_INPUT, DEFAULT_OUTPUT, DEFAULT_DEAD_LETTER);

    public Topics {
        if (input.equals(output) || input.equals(deadLetter) || output.equals(deadLetter)) {
            throw new IllegalArgumentException("input, output and dead-letter topics must differ, got " + input + ", " + output
                    + ", " + deadLetter);
        }
    }
}
