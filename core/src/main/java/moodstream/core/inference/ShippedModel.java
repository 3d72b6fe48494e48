package moodstream.core.inference;

/**
 * The model that ships in the repository under {@code models/default/}, which {@code predict},
 * {@code evaluate} and {@code stream} use when no {@code --model} is given, so a new user labels
 * their own photos before training anything. Its README there says how it was trained and how
 * well it does on what.
 */
public final class ShippedModel {
    /** Its path inside a checkout or an install folder (the Docker image's {@code /app}). */
    public static final String RELATIVE_PATH = "models/default/model.onnx";

    /**
     * As a picocli default value: resolved against the folder the launcher and the Docker image
     * name in the {@code moodstream.home} system property, so it is found from any working
     * directory; without it, against the working directory.
     */
    public static final String OPTION_DEFAULT = "${sys:moodstream.home:-.}/" + RELATIVE_PATH;

    private ShippedModel() {
    }
}
