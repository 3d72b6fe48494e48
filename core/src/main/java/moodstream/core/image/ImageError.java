package moodstream.core.image;

/**
 * Why an input could not become a tensor. The codes are stable: the streamer
 * writes them into dead-letter headers and the cleaner into its report.
 */
public enum ImageError {
    EMPTY("the input has no bytes"),
    NOT_AN_IMAGE("the bytes are not a JPEG, PNG, BMP or GIF image"),
    UNSUPPORTED_FORMAT("the image format is recognised but not supported"),
    TOO_MANY_BYTES("the encoded image is larger than the byte limit"),
    TOO_MANY_PIXELS("the image has more pixels than the pixel limit"),
    SIDE_TOO_LONG("a side of the image is longer than the side limit"),
    CORRUPT("the image is truncated or corrupt"),
    NO_FACE("the model crops faces, none was found, and it is set to refuse such images (its card, or --no-face dead-letter)");

    private final String meaning;

    ImageError(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }
}
