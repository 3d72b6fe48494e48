package moodstream.trainer.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code moodstream compare}: two models' {@code evaluation.json} on the same images, image by
 * image, with McNemar's test, so a claim that one model beats another comes with its command.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two evaluation.json files (from evaluate --out or train --out) of the same images, image by image:",
            "mistakes fixed and made per true label, and McNemar's test."})
public final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASELINE", description = "evaluation.json of the model to compare against.")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "evaluation.json of the other model, on the same images.")
    Path candidate;

    /** What compare needs of an evaluation.json: which images it scored, and which it got wrong. */
    record Scored(List<String> labels, Map<String, Integer> support, List<Evaluation.Mistake> mistakes) {
        int count() {
            return support.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    @Override
    public Integer call() throws IOException {
        Scored a = read(baseline);
        Scored b = read(candidate);
        if (!a.labels().equals(b.labels()) || !a.support().equals(b.support())) {
            throw new IllegalArgumentException("the two evaluations scored different images: " + baseline + " has " + a.support()
                    + ", " + candidate + " has " + b.support() + "; evaluate both models on the same folder (and split)");
        }
        Map<String, String> labelOf = new LinkedHashMap<>();
        a.mistakes().forEach(m -> labelOf.put(m.image(), m.label()));
        for (Evaluation.Mistake m : b.mistakes()) {
            String other = labelOf.get(m.image());
            if (other != null && !other.equals(m.label())) {
                throw new IllegalArgumentException(m.image() + " is labelled " + other + " in " + baseline + " but " + m.label() + " in "
                        + candidate + ": the evaluations are of different folders; evaluate both models on the same one");
            }
        }
        System.out.print(PairedComparison.of(a.count(), a.labels(), a.mistakes(), b.mistakes()).describe(baseline.toString(),
                candidate.toString()));
        return 0;
    }

    static Scored read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not JSON (" + e.getOriginalMessage() + "); give the evaluation.json that"
                    + " evaluate --out or train --out wrote");
        }
        JsonNode labels = root == null ? null : root.path("metrics").get("labels");
        JsonNode perClass = root == null ? null : root.path("metrics").get("perClass");
        JsonNode mistakes = root == null ? null : root.get("mistakes");
        if (labels == null || !labels.isArray() || perClass == null || mistakes == null || !mistakes.isArray()) {
            throw new IllegalArgumentException(file + " is not an evaluation.json (no metrics.labels, metrics.perClass or mistakes);"
                    + " give the evaluation.json that evaluate --out or train --out wrote");
        }
        List<String> labelList = new ArrayList<>();
        Map<String, Integer> support = new LinkedHashMap<>();
        for (JsonNode label : labels) {
            labelList.add(label.asText());
            support.put(label.asText(), perClass.path(label.asText()).path("support").asInt(0));
        }
        List<Evaluation.Mistake> list = new ArrayList<>();
        for (JsonNode m : mistakes) {
            list.add(new Evaluation.Mistake(m.path("image").asText(), m.path("label").asText(), m.path("predicted").asText(),
                    m.path("score").asDouble()));
        }
        return new Scored(List.copyOf(labelList), Map.copyOf(support), List.copyOf(list));
    }
}
