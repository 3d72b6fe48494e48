package moodstream.streamer.publish;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import moodstream.streamer.config.ConfigSources;
import moodstream.streamer.config.ConfigSourcesAware;
import moodstream.streamer.config.KafkaConnection;
import moodstream.streamer.labeling.Topics;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code moodstream publish}: sends image files to the streamer's input topic. */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send image files to Kafka for the streamer to label.",
                "Key: the path relative to the folder or glob base (or the file name). Value: the file's bytes."
                        + " Header content-type: the format its bytes show. Empty and non-image files are skipped"
                        + " with a warning, unless --force. Ends with a summary: sent, skipped, failed.",
                "Settings: flags, then MOODSTREAM_<FLAG> environment variables, then --config FILE."})
public final class PublishCommand implements Callable<Integer>, ConfigSourcesAware {
    /** Failures printed one by one; the rest are only counted. */
    private static final int FAILURES_SHOWN = 10;

    @Parameters(paramLabel = "PATH", arity = "1..*",
            description = "Image files, folders (searched recursively) or quoted globs such as 'photos/**/*.jpg'.")
    List<String> paths = new ArrayList<>();

    @Option(names = {"--topic", "--input-topic"}, defaultValue = Topics.DEFAULT_INPUT,
            description = "Topic to send to: the streamer's input topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "N",
            description = "Images per second, on a fixed schedule; 0 sends as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N messages.")
    Long count;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N",
            description = "Send the whole list N times, at least 1 (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--force", description = "Send empty and non-image files too, as application/octet-stream.")
    boolean force;

    @Mixin
    KafkaConnection kafka = new KafkaConnection();

    @Spec
    CommandSpec spec;

    @Override
    public void useSources(ConfigSources sources) {
        kafka.useSources(sources);
    }

    /** The producer properties: image-sized defaults, then the file and environment, then --kafka. */
    Properties producerProperties() {
        return ImagePublisher.producerProperties(kafka.bootstrapServers(), kafka.properties(ProducerConfig.configNames()));
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        validateOptions();
        Selection selection = select(ImageFiles.expand(paths), err);
        Properties props = producerProperties();
        checkSizes(selection.toSend(), ImagePublisher.maxRequestBytes(props));
        long total = (long) selection.toSend().size() * repeat;
        if (count != null) {
            total = Math.min(total, count);
        }

        Run run = new Run(err);
        Thread hook = new Thread(run::stopAndWait, "moodstream-publish-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            try (ImagePublisher publisher = new ImagePublisher(props, topic)) {
                run.sendAll(publisher, selection.toSend(), total);
            }
            return summarize(run, props, selection.skipped(), total, out, err);
        } finally {
            run.done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down (Ctrl-C): the hook has been waiting for the summary above
            }
        }
    }

    /** The files to send, and how many were skipped (each with a warning). */
    private record Selection(List<ImageFile> toSend, int skipped) {
    }

    private Selection select(List<ImageFile> files, PrintWriter err) {
        List<ImageFile> toSend = new ArrayList<>();
        int skipped = 0;
        for (ImageFile file : files) {
            Optional<String> reason = ImageFiles.skipReason(file);
            if (reason.isEmpty()) {
                toSend.add(file);
            } else if (force) {
                toSend.add(file);
                err.println("warning: " + file.path() + ": " + reason.get() + "; sending it as " + file.contentType() + " (--force)");
            } else {
                skipped++;
                err.println("warning: skipped " + file.path() + ": " + reason.get() + " (--force sends it anyway)");
            }
        }
        if (toSend.isEmpty()) {
            throw new IllegalArgumentException("nothing to send: all " + files.size() + " file(s) were skipped (see the warnings);"
                    + " --force sends them as " + ImageFile.OCTET_STREAM);
        }
        return new Selection(toSend, skipped);
    }

    /** The failures not shown yet, the images Kafka never acknowledged, the one-line summary; the exit code. */
    private int summarize(Run run, Properties props, int skipped, long total, PrintWriter out, PrintWriter err) {
        double seconds = (run.endNanos - run.startNanos) / 1e9;
        long failed = run.failed.get();
        int shown = Math.min(FAILURES_SHOWN, run.failures.size());
        if (failed > shown) {
            err.println("... and " + (failed - shown) + " more failures");
        }
        long timedOut = run.timedOut.get();
        if (timedOut > 0) {
            err.println("error: " + timedOut + " image(s) were not acknowledged by Kafka in time (delivery.timeout.ms "
                    + ImagePublisher.deliveryTimeoutMs(props) + " ms, or max.block.ms while the broker was unknown)"
                    + " and are not on topic " + topic + "; images sent after them may be. Check the broker's log and"
                    + " the topic's partition leaders (kafka-topics.sh --describe --topic " + topic + "), then publish"
                    + " the failed files again; --kafka delivery.timeout.ms=N waits longer");
        }
        out.printf(Locale.ROOT, "sent %d (%d bytes), skipped %d, failed %d; topic %s, %.2f s, %.1f images/s%s%n",
                run.sent.get(), run.sentBytes.get(), skipped, failed, topic, seconds, run.sent.get() / Math.max(seconds, 1e-9),
                run.finishedList ? "" : "; stopped early after " + run.attempted + " of " + total);
        out.flush();
        return failed > 0 ? 1 : 0;
    }

    private void validateOptions() {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("--rate must be a number of images per second, 0 or more (0: as fast as possible); got " + rate);
        }
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1 (the number of times the whole list is sent); got " + repeat);
        }
        if (count != null && count < 1) {
            throw new IllegalArgumentException("--count must be at least 1; got " + count + " (leave it out to send everything)");
        }
    }

    /** Refuses, before anything is sent, files that the producer would refuse anyway. */
    private static void checkSizes(List<ImageFile> files, int maxRequestBytes) {
        List<String> tooLarge = new ArrayList<>();
        for (ImageFile file : files) {
            long size;
            try {
                size = Files.size(file.path());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file.path() + ": " + e, e);
            }
            if (ImagePublisher.recordBytesUpperBound(file.key(), size, file.contentType()) > maxRequestBytes) {
                tooLarge.add(file.path() + " (" + size + " bytes)");
            }
        }
        if (!tooLarge.isEmpty()) {
            throw new IllegalArgumentException((tooLarge.size() == 1 ? tooLarge.get(0) + " is" : tooLarge.size() + " files are")
                    + " larger than the producer's max.request.size of " + maxRequestBytes + " bytes"
                    + (tooLarge.size() == 1 ? "" : ": " + String.join(", ", tooLarge.subList(0, Math.min(5, tooLarge.size())))
                            + (tooLarge.size() > 5 ? ", ..." : ""))
                    + "; raise it with --kafka max.request.size=N (the broker's message.max.bytes or the topic's"
                    + " max.message.bytes must allow as much) or leave the file out");
        }
    }

    /** One run's sending and counting; callbacks come from the producer's I/O thread. */
    private final class Run {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong sentBytes = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        /** Sends that timed out: Kafka never acknowledged them (the broker kept refusing, never answered, or was not found). */
        final AtomicLong timedOut = new AtomicLong();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        /** A failure that every later send would share (the broker gone, a timeout): stop sending. */
        final AtomicReference<Exception> fatal = new AtomicReference<>();
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        final PrintWriter err;
        volatile long attempted;
        volatile boolean finishedList;
        long startNanos;
        long endNanos;

        Run(PrintWriter err) {
            this.err = err;
        }

        void sendAll(ImagePublisher publisher, List<ImageFile> files, long total) throws InterruptedException {
            startNanos = System.nanoTime();
            Pacer pacer = rate > 0 ? new Pacer(rate, startNanos, System::nanoTime) : null;
            long i = 0;
            for (; i < total && fatal.get() == null && stop.getCount() > 0; i++) {
                attempted = i + 1;
                if (pacer != null) {
                    long wait = pacer.dueNanos(i) - System.nanoTime();
                    if (wait > 0 && stop.await(wait, TimeUnit.NANOSECONDS)) {
                        break;
                    }
                }
                ImageFile file = files.get((int) (i % files.size()));
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file.path());
                } catch (IOException e) {
                    failed(file, e);
                    continue;
                }
                publisher.send(file.key(), bytes, file.contentType(), (metadata, e) -> {
                    if (e == null) {
                        sent.incrementAndGet();
                        sentBytes.addAndGet(bytes.length);
                    } else {
                        failed(file, e);
                        if (e instanceof TimeoutException) {
                            timedOut.incrementAndGet();
                        }
                        if (!(e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
                                || e instanceof InvalidRecordException)) {
                            fatal.compareAndSet(null, e);
                        }
                    }
                });
            }
            finishedList = i >= total;
            publisher.flush();
            endNanos = System.nanoTime();
            Exception stopping = fatal.get();
            if (stopping != null && !finishedList) {
                err.println("error: stopped sending after a failure that the rest would share: " + stopping);
            }
        }

        private void failed(ImageFile file, Exception e) {
            failed.incrementAndGet();
            if (failures.size() < FAILURES_SHOWN) {
                String line = "failed " + file.key() + " (" + file.path() + "): " + e;
                failures.add(line);
                err.println(line);
            }
        }

        /** Ctrl-C: stop sending, let the main thread flush and print its summary. */
        void stopAndWait() {
            stop.countDown();
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
