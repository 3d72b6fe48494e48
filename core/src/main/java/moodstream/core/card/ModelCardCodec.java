package moodstream.core.card;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import moodstream.core.face.FaceCropSpec;

/** Reads, writes and validates {@link ModelCard}s as JSON metadata. */
public final class ModelCardCodec {
    /** The metadata_props key of the card. */
    public static final String METADATA_KEY = "moodstream.model_card";
    /** Bumped when a card field changes meaning; readers refuse cards newer than they know. */
    public static final String FORMAT_KEY = "moodstream.model_card_format";
    public static final String FORMAT = "1";
    /**
     * Cards an older reader must refuse rather than serve: those whose preprocessing crops faces
     * and those with test-time augmentation. A reader of format 1 ignores fields it does not
     * know, so it would feed such a model whole images, or the image without its mirror, not as
     * it was measured; format 2 makes it refuse the card instead. Every other card stays format
     * 1, readable by every version.
     */
    public static final String FORMAT_2 = "2";
    private static final Set<String> KNOWN_FORMATS = Set.of(FORMAT, FORMAT_2);

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public String toJson(ModelCard card) {
        validate(card);
        try {
            return mapper.writeValueAsString(card);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("model card could not be written as JSON", e);
        }
    }

    /** The metadata entries that carry the card. */
    public Map<String, String> toMetadata(ModelCard card) {
        return Map.of(METADATA_KEY, toJson(card), FORMAT_KEY, needsFormat2(card) ? FORMAT_2 : FORMAT);
    }

    /**
     * Reads the card from a model's metadata.
     *
     * @param where names the model in error messages
     */
    public ModelCard fromMetadata(Map<String, String> metadata, String where) {
        String json = metadata.get(METADATA_KEY);
        if (json == null) {
            throw new InvalidModelCardException(where + " has no moodstream model card (metadata key '" + METADATA_KEY
                    + "'); export it with './moodstream train' or 'export', which embed the card");
        }
        String format = metadata.getOrDefault(FORMAT_KEY, FORMAT);
        if (!KNOWN_FORMATS.contains(format)) {
            throw new InvalidModelCardException(where + " has model card format " + format + ", this version reads formats "
                    + FORMAT + " and " + FORMAT_2 + "; upgrade moodstream");
        }
        ModelCard card = fromJson(json, where);
        if (needsFormat2(card) != FORMAT_2.equals(format)) {
            throw new InvalidModelCardException(where + " has model card format " + format + " but its preprocessing crop is '"
                    + card.preprocessing().crop() + "' and its test-time augmentation '" + card.tta().id() + "' (format "
                    + FORMAT_2 + " is exactly the cards with a face crop or test-time augmentation); re-export it");
        }
        return card;
    }

    private static boolean needsFormat2(ModelCard card) {
        return card.preprocessing().cropsFaces() || card.tta() != TestTimeAugmentation.NONE;
    }

    public ModelCard fromJson(String json, String where) {
        ModelCard card;
        try {
            card = mapper.readValue(json, ModelCard.class);
        } catch (JsonProcessingException e) {
            throw new InvalidModelCardException(where + " has an unreadable model card: " + e.getOriginalMessage(), e);
        }
        try {
            validate(card);
        } catch (InvalidModelCardException e) {
            throw new InvalidModelCardException(where + ": " + e.getMessage());
        }
        return card;
    }

    /** Checks the card is self-consistent; shape checks against the network are the classifier's. */
    public static void validate(ModelCard card) {
        if (card.labels() == null || card.labels().size() < 2) {
            throw new InvalidModelCardException("model card needs at least 2 labels, has " + card.labels());
        }
        if (new HashSet<>(card.labels()).size() != card.labels().size()) {
            throw new InvalidModelCardException("model card labels are not unique: " + card.labels());
        }
        if (card.preprocessing() == null) {
            throw new InvalidModelCardException("model card has no preprocessing section");
        }
        if (card.output() == null) {
            throw new InvalidModelCardException("model card has no output kind (SIGMOID or SOFTMAX)");
        }
        if (card.output() == ModelCard.OutputKind.SIGMOID && card.labels().size() != 2) {
            throw new InvalidModelCardException("a sigmoid output serves exactly 2 labels, the card has " + card.labels());
        }
        if (!(card.threshold() > 0 && card.threshold() < 1)) {
            throw new InvalidModelCardException("model card threshold must be in (0,1), is " + card.threshold());
        }
        if (isBlank(card.inputName()) || isBlank(card.outputName())) {
            throw new InvalidModelCardException("model card must name the ONNX input and output");
        }
        boolean sendsToFallback = card.preprocessing().cropsFaces()
                && FaceCropSpec.NO_FACE_FALLBACK.equals(card.preprocessing().face().noFace());
        if (sendsToFallback != (card.fallback() != null)) {
            throw new InvalidModelCardException(sendsToFallback
                    ? "model card sends images without a face to a fallback model (noFace: fallback) but names none"
                    : "model card names a fallback model but its preprocessing does not send images without a face to it"
                    + " (noFace: fallback)");
        }
        if (card.fallback() != null) {
            String file = card.fallback().file();
            if (isBlank(file) || file.contains("/") || file.contains("\\") || file.startsWith(".")) {
                throw new InvalidModelCardException("model card's fallback must be a file name in the model's own folder, is '"
                        + file + "'");
            }
            if (card.fallback().sha256() == null || !card.fallback().sha256().matches("[0-9a-f]{64}")) {
                throw new InvalidModelCardException("model card's fallback needs the file's SHA-256 as 64 hex digits, has '"
                        + card.fallback().sha256() + "'");
            }
            if (card.fallback().minSide() < 0) {
                throw new InvalidModelCardException("model card's fallback minSide must be 0 or more, is " + card.fallback().minSide());
            }
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
