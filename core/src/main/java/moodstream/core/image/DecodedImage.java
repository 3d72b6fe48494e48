package moodstream.core.image;

import java.awt.image.BufferedImage;

/**
 * A decoded image. {@code image} may be smaller than {@code info}'s size when the
 * decoder subsampled it on the way in (see {@link ImageDecoder#decode(byte[], int, int)}).
 */
public record DecodedImage(ImageInfo info, BufferedImage image) {
}
