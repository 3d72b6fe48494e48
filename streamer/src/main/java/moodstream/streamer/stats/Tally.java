package moodstream.streamer.stats;

/**
 * What one record adds to its window's statistics: a label with its score and model, or a dead
 * letter's code. Small on purpose: it is what crosses the repartition topic, not the label JSON.
 *
 * @param label          the label, or null for a dead letter
 * @param score          the label's score
 * @param modelName      the model that made the label, or null
 * @param modelVersion   its version
 * @param modelSha256    its SHA-256
 * @param deadLetterCode the dead letter's code, or null for a label
 */
public record Tally(String label, double score, String modelName, String modelVersion, String modelSha256, String deadLetterCode) {
    public static Tally label(String label, double score, String modelName, String modelVersion, String modelSha256) {
        return new Tally(label, score, modelName, modelVersion, modelSha256, null);
    }

    public static Tally deadLetter(String code) {
        return new Tally(null, 0, null, null, null, code);
    }
}
