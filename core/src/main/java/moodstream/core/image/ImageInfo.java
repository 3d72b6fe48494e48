package moodstream.core.image;

/** What the decoder learned about an encoded image before preprocessing it. */
public record ImageInfo(ImageFormat format, int width, int height, long bytes) {
}
