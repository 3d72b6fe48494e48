package moodstream.streamer.labeling;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * The output topic's value, as JSON (schema: docs/label-message.schema.json).
 *
 * @param id          the input record's key as text (null for a null key): see {@link KeyText}
 * @param idEncoding  {@code utf8} when the key bytes are UTF-8 text, {@code base64} otherwise (null with a null key)
 * @param label       the chosen label
 * @param score       that label's probability
 * @param scores      every label's probability
 * @param model       which model produced it
 * @param image       what was decoded
 * @param face        the face crop the model saw, in the image's pixels; null when it saw the whole image
 * @param path        which way the image went: {@code face}, {@code whole-image} (no face, the model on the whole
 *                    image) or {@code fallback} (no face, the card's fallback model on the whole image)
 * @param timingsMs   where the time went, in milliseconds
 * @param source      where the image came from in Kafka
 * @param processedAt when the label was made
 */
public record LabelMessage(
        String id,
        @JsonProperty("id_encoding") String idEncoding,
        String label,
        double score,
        Map<String, Double> scores,
        Model model,
        Image image,
        Face face,
        String path,
        @JsonProperty("timings_ms") Timings timingsMs,
        Source source,
        @JsonProperty("processed_at") Instant processedAt) {

    /** @param sha256 hex SHA-256 of the ONNX file: identifies the exact model */
    public record Model(String name, String version, String sha256) {
    }

    /** @param bytes the encoded size */
    public record Image(String format, int width, int height, long bytes) {
    }

    /** A box in the image's pixels (after its Exif orientation), x and y from the top left corner. */
    public record Face(int x, int y, int width, int height) {
    }

    /** @param decode decoding and preprocessing @param inference ONNX Runtime */
    public record Timings(double decode, double inference) {
    }

    public record Source(String topic, int partition, long offset) {
    }
}
