package moodstream.core.inference;

import java.util.Map;

/**
 * One image's result.
 *
 * @param label  the chosen label
 * @param score  that label's probability
 * @param scores every label's probability, in the model's label order
 */
public record Classification(String label, double score, Map<String, Double> scores) {
}
