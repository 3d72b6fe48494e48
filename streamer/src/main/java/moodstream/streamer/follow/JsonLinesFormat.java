package moodstream.streamer.follow;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import moodstream.streamer.labeling.LabelJson;

/**
 * The JSON lines {@code moodstream labels --format json} prints, one object per record:
 * <ul>
 *   <li>a label: the label message as published (docs/messages.md) plus {@code topic} and {@code latency_ms};</li>
 *   <li>a dead letter: {@code key}, {@code topic}, {@code error_code}, {@code error_message},
 *   {@code source} ({@code topic}, {@code partition}, {@code offset}, or null) and
 *   {@code latency_ms}; never the image bytes;</li>
 *   <li>an unreadable record: {@code key}, {@code topic}, {@code unreadable} (why) and {@code latency_ms}.</li>
 * </ul>
 */
public final class JsonLinesFormat {
    private JsonLinesFormat() {
    }

    public static String line(FollowedRecord e) {
        ObjectNode json;
        if (e.label().isPresent()) {
            json = LabelJson.tree(e.label().get());
            json.put("topic", e.topic());
        } else {
            json = JsonNodeFactory.instance.objectNode();
            json.put("key", e.key());
            json.put("topic", e.topic());
            if (e.deadLetter()) {
                json.put("error_code", e.errorCode().get());
                json.put("error_message", e.errorMessage().orElse(null));
                if (e.source().isPresent()) {
                    ObjectNode source = json.putObject("source");
                    source.put("topic", e.source().get().topic());
                    source.put("partition", e.source().get().partition());
                    source.put("offset", e.source().get().offset());
                } else {
                    json.putNull("source");
                }
            } else {
                json.put("unreadable", e.errorMessage().orElse("unreadable"));
            }
        }
        json.put("latency_ms", e.latencyMs());
        return json.toString();
    }
}
