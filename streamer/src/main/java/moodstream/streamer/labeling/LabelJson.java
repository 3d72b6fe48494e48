package moodstream.streamer.labeling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Set;
import moodstream.core.image.PreprocessedImage;

/**
 * The one JSON mapping of {@link LabelMessage}: the streamer writes labels with it and the
 * {@code labels} tool reads them with it, so the two cannot drift apart.
 */
public final class LabelJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    /**
     * Reading is as strict as the schema (docs/label-message.schema.json): every field present
     * (only {@code id} and its {@code id_encoding} may be null, together), no unknown fields (Jackson's default), nothing after the object.
     * The one exception is {@code path}, which labels written before it existed lack: it is
     * derived from {@code face} for them, so {@code labels} still reads a topic's older labels.
     */
    private static final ObjectReader READER = MAPPER.readerFor(LabelMessage.class)
            .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Set<String> PATHS = Set.of(PreprocessedImage.PATH_FACE, PreprocessedImage.PATH_FACE_AND_FALLBACK,
            PreprocessedImage.PATH_WHOLE_IMAGE, PreprocessedImage.PATH_FALLBACK);
    /** The paths on which the model saw a face crop, given in {@code face}. */
    private static final Set<String> FACE_PATHS = Set.of(PreprocessedImage.PATH_FACE, PreprocessedImage.PATH_FACE_AND_FALLBACK);

    private LabelJson() {
    }

    /** The message as the output topic's UTF-8 JSON value. */
    public static byte[] write(LabelMessage message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a label message of strings and numbers always serialises", e);
        }
    }

    /** The message as a JSON tree, for callers that add fields of their own. */
    public static ObjectNode tree(LabelMessage message) {
        return MAPPER.valueToTree(message);
    }

    /**
     * Parses an output topic value.
     *
     * @throws IOException when it is not JSON or not a label message (a field missing, unknown or null)
     */
    public static LabelMessage read(byte[] value) throws IOException {
        JsonNode tree = READER.readTree(value);
        if (tree instanceof ObjectNode object && !object.has("path")) {
            // Written before the field existed, when a label came from a face crop or the whole image.
            object.put("path", object.hasNonNull("face") ? PreprocessedImage.PATH_FACE : PreprocessedImage.PATH_WHOLE_IMAGE);
        }
        LabelMessage message = tree == null || tree.isMissingNode() ? null : READER.readValue(tree);
        if (message == null) {
            throw new IOException("the value is JSON null, not a label message");
        }
        if (message.path() == null || !PATHS.contains(message.path())) {
            throw new IOException("field 'path' must be one of " + PATHS + ", got " + message.path());
        }
        if (FACE_PATHS.contains(message.path()) != (message.face() != null)) {
            throw new IOException("field 'face' must be given exactly when 'path' is one of " + FACE_PATHS + ", got path "
                    + message.path());
        }
        if ((message.id() == null) != (message.idEncoding() == null)) {
            throw new IOException("fields 'id' and 'id_encoding' must be null together, got id " + message.id()
                    + " and id_encoding " + message.idEncoding());
        }
        if (message.idEncoding() != null && !KeyText.UTF8.equals(message.idEncoding()) && !KeyText.BASE64.equals(message.idEncoding())) {
            throw new IOException("field 'id_encoding' must be utf8 or base64, got " + message.idEncoding());
        }
        requireNonNull(message.label(), "label");
        requireNonNull(message.scores(), "scores");
        requireNonNull(message.model(), "model");
        requireNonNull(message.image(), "image");
        requireNonNull(message.timingsMs(), "timings_ms");
        requireNonNull(message.source(), "source");
        requireNonNull(message.processedAt(), "processed_at");
        return message;
    }

    private static void requireNonNull(Object value, String field) throws IOException {
        if (value == null) {
            throw new IOException("field '" + field + "' is null");
        }
    }
}
