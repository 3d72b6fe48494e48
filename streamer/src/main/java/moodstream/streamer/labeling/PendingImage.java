package moodstream.streamer.labeling;

import moodstream.core.image.PreprocessedImage;
import org.apache.kafka.common.header.Header;

/**
 * One record between its preprocessing and its inference: what the label record needs of the
 * input (key, headers, timestamp, where it came from) and the tensor, not the image bytes.
 *
 * @param key          the input key, passed on as the same bytes
 * @param headers      the input headers, passed on
 * @param timestamp    the input timestamp, which the label keeps
 * @param source       where it was in Kafka
 * @param image        the model input, with the decoded image's facts and its face box
 * @param decodeNanos  time spent decoding and preprocessing it
 * @param heldSinceMs  wall-clock time it entered the batch, for the batch's maximum wait
 */
record PendingImage(byte[] key, Header[] headers, long timestamp, LabelMessage.Source source, PreprocessedImage image,
                    long decodeNanos, long heldSinceMs) {
}
