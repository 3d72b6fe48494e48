package moodstream.sandbox.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Locale;

/**
 * One run of {@code moodstream bench}: what was measured, on what, and the three results.
 *
 * @param ratioEndToEndToInProcess (b) / (a): how much of the in-process limit survives Kafka and exactly-once
 */
public record BenchReport(
        String startedAt,
        Setup setup,
        InProcess inProcess,
        EndToEnd endToEnd,
        Latency latency,
        double ratioEndToEndToInProcess) {

    /**
     * @param model       the card's name and version
     * @param input       the model's input, width x height x channels
     * @param images      images in the set (cycled through when a run needs more)
     * @param meanBytes   their mean encoded size
     * @param length      how long each measurement ran: seconds or passes
     * @param batchSize   images per inference call, in (a) and in the streamer
     * @param batchMaxWaitMs the streamer's longest wait for a batch to fill
     * @param broker      "embedded" (in this JVM) or the bootstrap servers of a broker of its own
     * @param kafka       Kafka properties given to the streamer
     * @param stats       whether the streamer ran its window statistics
     */
    public record Setup(String model, String modelSha256, String input, String data, int images, long meanBytes,
                        int streamThreads, int intraOpThreads, int partitions, int warmupImages, String length,
                        int cores, String java, int batchSize, long batchMaxWaitMs, String broker, java.util.Map<String, String> kafka,
                        boolean stats) {
    }

    /** (a) the per-record work alone, on the stream threads' count of threads. */
    public record InProcess(int threads, long images, long rejected, double seconds, double imagesPerSecond,
                            double meanDecodeMs, double meanInferenceMs) {
    }

    /**
     * (b) images sent as fast as possible, timed from the first send until the last output is
     * visible to a read_committed consumer.
     */
    public record EndToEnd(long images, long labels, long deadLetters, long duplicates, double seconds, double imagesPerSecond,
                           CpuShare cpu) {
    }

    /** (c) paced sends, send-to-visible latency per image. */
    public record Latency(double targetPerSecond, double achievedPerSecond, long deadLetters, long duplicates,
                          LatencySummary micros) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    public String toJson(boolean pretty) {
        try {
            return pretty ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this) : JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report of strings and numbers always serialises", e);
        }
    }

    /** A table for people; the JSON is for documents and scripts. */
    public String table() {
        StringBuilder t = new StringBuilder();
        Setup s = setup;
        t.append(f("model %s (%s), input %s, ONNX Runtime CPU, intra-op threads %d, batch %d (max wait %d ms)%n", s.model(),
                s.modelSha256().substring(0, 12), s.input(), s.intraOpThreads(), s.batchSize(), s.batchMaxWaitMs()));
        t.append(f("broker %s%s, window statistics %s%n", s.broker(), s.kafka().isEmpty() ? "" : ", streamer Kafka settings " + s.kafka(),
                s.stats() ? "on" : "off"));
        t.append(f("data  %s: %d images, mean %.1f KiB; %d cores, %s; each measurement %s after %d warm-up images%n",
                s.data(), s.images(), s.meanBytes() / 1024.0, s.cores(), s.java(), s.length(), s.warmupImages()));
        t.append(f("%n%-44s %12s%n", "measurement", "images/s"));
        t.append(f("%-44s %12.1f   (%d images in %.1f s, %d refused by the decoder)%n",
                "(a) in-process limit, " + inProcess.threads() + " threads", inProcess.imagesPerSecond(), inProcess.images(),
                inProcess.seconds(), inProcess.rejected()));
        t.append(f("%-44s %12s   mean per image: %.3f ms decode+preprocess, %.3f ms inference%n", "", "",
                inProcess.meanDecodeMs(), inProcess.meanInferenceMs()));
        t.append(f("%-44s %12.1f   (%d images in %.1f s: %d labels, %d dead letters, %d duplicates)%n",
                "(b) end to end, exactly once, " + s.partitions() + " partitions", endToEnd.imagesPerSecond(), endToEnd.images(),
                endToEnd.seconds(), endToEnd.labels(), endToEnd.deadLetters(), endToEnd.duplicates()));
        CpuShare cpu = endToEnd.cpu();
        double used = cpu.streamer() + cpu.clients() + cpu.broker() + Math.max(0, cpu.externalBroker());
        String rest = cpu.externalBroker() < 0 && s.broker().equals("embedded") ? "broker+JVM" : "JVM (GC, JIT)";
        t.append(f("%-44s %12s   CPU during (b): streamer %.1f s (%.0f%%), %s %.1f s (%.0f%%), bench clients %.1f s (%.0f%%)%s"
                        + " of %.1f core-s%n", "", "", cpu.streamer(), 100 * cpu.streamer() / used, rest, cpu.broker(),
                100 * cpu.broker() / used, cpu.clients(), 100 * cpu.clients() / used,
                cpu.externalBroker() < 0 ? "" : f(", broker process %.1f s (%.0f%%)", cpu.externalBroker(), 100 * cpu.externalBroker() / used),
                s.cores() * cpu.wall()));
        t.append(f("%-44s %12.2f%n", "(b)/(a)", ratioEndToEndToInProcess));
        LatencySummary l = latency.micros();
        t.append(f("%n(c) latency, send -> readable (read_committed), paced at %.1f/s (achieved %.1f/s), %d images:%n",
                latency.targetPerSecond(), latency.achievedPerSecond(), l.count()));
        t.append(f("    p50 %.1f ms   p95 %.1f ms   p99 %.1f ms   max %.1f ms   mean %.1f ms   (%d dead letters, %d duplicates)%n",
                l.p50Micros() / 1e3, l.p95Micros() / 1e3, l.p99Micros() / 1e3, l.maxMicros() / 1e3, l.meanMicros() / 1e3,
                latency.deadLetters(), latency.duplicates()));
        return t.toString();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
