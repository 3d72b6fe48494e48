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

/** Reads, writes and validates {@link ModelCard}s as JSON metadata. */
public final class ModelCardCodec {
    /** The metadata_props key of the card. */
    public static final String METADATA_KEY = "moodstream.model_card";
    /** Bumped when a card field changes meaning; readers refuse cards newer than they know. */
    public static final String FORMAT_KEY = "moodstream.model_card_format";
    public static final String FORMAT = "1";
    /**
     * Format 1 plus {@code tta}. Readers of format 1 ignore fields they do not know, so they
     * would serve an hflip card on the image alone, not as it was measured; a card that needs
     * the mirror is therefore written as format 2, which they refuse. Cards without
     * test-time augmentation stay format 1 and keep working with older servers.
     */
    public static final String FORMAT_TTA = "2";
    private static final Set<String> KNOWN_FORMATS = Set.of(FORMAT, FORMAT_TTA);

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
        return Map.of(METADATA_KEY, toJson(card), FORMAT_KEY, card.tta() == TestTimeAugmentation.NONE ? FORMAT : FORMAT_TTA);
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
                    + FORMAT + " and " + FORMAT_TTA + "; upgrade moodstream");
        }
        ModelCard card = fromJson(json, where);
        if (FORMAT.equals(format) && card.tta() != TestTimeAugmentation.NONE) {
            throw new InvalidModelCardException(where + " has a format " + FORMAT + " model card with test-time augmentation '"
                    + card.tta().id() + "', which format " + FORMAT + " readers ignore; re-export it (it is format "
                    + FORMAT_TTA + ")");
        }
        return card;
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
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
