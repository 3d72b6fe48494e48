package moodstream.streamer.labeling;

/** The three topics the app touches. */
public record Topics(String input, String output, String deadLetter) {
    public static final Topics DEFAULT = new Topics("images", "labels", "images.dlq");

    public Topics {
        if (input.equals(output) || input.equals(deadLetter) || output.equals(deadLetter)) {
            throw new IllegalArgumentException("input, output and dead-letter topics must differ, got " + input + ", " + output
                    + ", " + deadLetter);
        }
    }
}
