package moodstream.trainer.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import moodstream.trainer.data.Rejection.Reason;
import moodstream.trainer.io.AtomicFiles;

/**
 * What {@link DatasetCleaner} kept and rejected.
 *
 * @param labels   the class names, sorted
 * @param kept     usable images, sorted by label then relative path
 * @param rejected files not kept, sorted by label then relative path (root files first)
 */
public record CleanReport(List<String> labels, List<LabelledImage> kept, List<Rejection> rejected) {
    /** Per reason, the summary lists this many files and counts the rest. */
    static final int NAMES_PER_REASON = 20;

    public CleanReport {
        labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
        kept = List.copyOf(Objects.requireNonNull(kept, "kept"));
        rejected = List.copyOf(Objects.requireNonNull(rejected, "rejected"));
    }

    /** Kept images per label, in label order; a label with none maps to 0. */
    public Map<String, Integer> keptCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        labels.forEach(label -> counts.put(label, 0));
        kept.forEach(image -> counts.merge(image.label(), 1, Integer::sum));
        return Collections.unmodifiableMap(counts);
    }

    /** Rejections per reason, in the enum's order; reasons that did not occur are absent. */
    public Map<Reason, Integer> rejectedCounts() {
        Map<Reason, Integer> counts = new EnumMap<>(Reason.class);
        rejected.forEach(rejection -> counts.merge(rejection.reason(), 1, Integer::sum));
        return Collections.unmodifiableMap(counts);
    }

    public String summary() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d classes, %d images kept, %d files rejected%n",
                labels.size(), kept.size(), rejected.size()));
        keptCounts().forEach((label, count) -> out.append(String.format(Locale.ROOT, "  %s: %d kept%n", label, count)));
        Map<Reason, List<Rejection>> byReason = rejected.stream()
                .collect(Collectors.groupingBy(Rejection::reason, () -> new EnumMap<>(Reason.class), Collectors.toList()));
        byReason.forEach((reason, list) -> {
            out.append(String.format(Locale.ROOT, "%s (%s): %d%n", reason, reason.description(), list.size()));
            list.stream().limit(NAMES_PER_REASON).forEach(r ->
                    out.append("  ").append(r.relativePath()).append(": ").append(r.detail()).append(System.lineSeparator()));
            if (list.size() > NAMES_PER_REASON) {
                out.append(String.format(Locale.ROOT, "  ... and %d more%n", list.size() - NAMES_PER_REASON));
            }
        });
        return out.toString();
    }

    /** Writes the whole report as JSON, atomically (the file is either the old one or the complete new one). */
    public void writeJson(Path file) {
        ObjectMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        ObjectNode root = mapper.createObjectNode();
        labels.forEach(root.putArray("labels")::add);
        ObjectNode keptCounts = root.putObject("keptCounts");
        keptCounts().forEach(keptCounts::put);
        ObjectNode rejectedCounts = root.putObject("rejectedCounts");
        rejectedCounts().forEach((reason, count) -> rejectedCounts.put(reason.name(), count));
        ArrayNode keptArray = root.putArray("kept");
        for (LabelledImage image : kept) {
            keptArray.addObject()
                    .put("relativePath", image.relativePath())
                    .put("label", image.label())
                    .put("sha256", image.sha256())
                    .put("format", image.info().format().name())
                    .put("width", image.info().width())
                    .put("height", image.info().height())
                    .put("bytes", image.info().bytes());
        }
        ArrayNode rejectedArray = root.putArray("rejected");
        for (Rejection rejection : rejected) {
            rejectedArray.addObject()
                    .put("relativePath", rejection.relativePath())
                    .put("label", rejection.label())
                    .put("reason", rejection.reason().name())
                    .put("detail", rejection.detail())
                    .put("path", rejection.path().toString());
        }
        try {
            AtomicFiles.write(file, (mapper.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        } catch (IOException e) {
            throw new DatasetException("cannot write " + file + ": " + e + "; choose a writable location", e);
        }
    }
}
