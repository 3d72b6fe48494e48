package moodstream.sandbox.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import moodstream.core.cli.Durations;
import moodstream.core.cli.RuntimeOptions;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code moodstream demo}: data, model, broker, streamer, images in, labels out, summary;
 * then everything stopped and deleted again, also on Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline on this machine: train a model if none fits the data, start an embedded"
                + " Kafka broker and the streamer, publish the model's test images and print their labels and a summary.",
                "Without --data it uses data/ when that holds images, else a generated synthetic set of drawn faces."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data", description = "Folder with one sub-folder of images per label (default: data/, else synthetic faces).")
    Path data;

    @Option(names = "--models", defaultValue = "models", description = "Where the model is, or is trained to (default: ${DEFAULT-VALUE}).")
    Path models;

    @Option(names = "--retrain", description = "Train a new model even if the one in --models fits the data.")
    boolean retrain;

    @Option(names = "--synthetic-count", defaultValue = "200", description = "Synthetic faces drawn per label when generating (default: ${DEFAULT-VALUE}).")
    int syntheticCount;

    @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the demo's topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Mixin
    RuntimeOptions runtime = new RuntimeOptions();

    @Option(names = "--rate", defaultValue = "0", description = "Test images published per second; 0 sends them all at once (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--wait", defaultValue = "60s", paramLabel = "DURATION",
            description = "Give up when no label arrives for this long: 30s, 2m, PT60S (default: ${DEFAULT-VALUE}).")
    String quiet;

    /** The shell's code for "stopped by SIGINT". */
    static final int INTERRUPTED = 130;

    @Option(names = "--verbose", description = "Show the broker's and the streamer's log lines too.")
    boolean verbose;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (syntheticCount < 10) {
            throw new IllegalArgumentException("--synthetic-count must be at least 10 per label (the test split takes 10%), got " + syntheticCount);
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must be 0 (all at once) or positive, got " + rate);
        }
        if (!verbose) {
            quietLogs();
        }
        Optional<TrainerProcess> trainer = TrainerProcess.fromEnvironment(System.getenv());
        Cleanup cleanup = new Cleanup();
        Thread hook = new Thread(() -> {
            if (!cleanup.closed()) {
                out.println();
                out.println("interrupted: stopping what the demo started and deleting its temporary files...");
            }
            cleanup.close();
        }, "moodstream-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            DemoData chosen = data(trainer, cleanup);
            DemoModel model = model(chosen, trainer, cleanup);
            List<DemoImage> test = model.testImages(chosen.folder());
            step(3, "streaming");
            DemoStream stream = new DemoStream(cleanup, out);
            stream.start(model.onnx(), runtime.inference(), partitions);
            DemoSummary summary = stream.run(test, rate, Durations.parse("--wait", quiet));
            step(4, "summary");
            out.print(summary.format());
            return summary.complete() ? 0 : 1;
        } catch (RuntimeException e) {
            if (cleanup.closed()) {
                // Ctrl-C: the hook is stopping everything; what failed here failed because of that.
                return INTERRUPTED;
            }
            throw e;
        } finally {
            out.println("stopping the streamer and the broker, deleting their temporary files...");
            cleanup.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C came: the hook runs (or ran) the same idempotent cleanup.
            }
            out.println("done.");
        }
    }

    private DemoData data(Optional<TrainerProcess> trainer, Cleanup cleanup) throws InterruptedException {
        step(1, "data");
        DemoData chosen = DemoData.choose(Optional.ofNullable(data), Path.of("data"));
        if (!chosen.synthetic()) {
            out.println("using the labelled images in " + chosen.folder());
            return chosen;
        }
        if (chosen.present()) {
            out.println("data/ holds no images of yours, so the demo uses the SYNTHETIC faces it drew earlier in " + chosen.folder());
        } else {
            out.println("data/ holds no images of yours, so the demo draws a SYNTHETIC set of happy and sad faces into "
                    + chosen.folder() + " (put your own in data/happy and data/sad, or pass --data DIR)");
            // Drawn next to its place and renamed into it, so Ctrl-C never leaves half a set there.
            Path staging = createTempFolder(chosen.folder().getParent(), ".synthetic-");
            cleanup.add(() -> Utils.delete(staging.toFile()));
            requireTrainer(trainer, "draw the synthetic faces").run(cleanup, "synth-faces", "--out", staging.toString(),
                    "--count", Integer.toString(syntheticCount));
            chosen.install(staging);
        }
        return chosen;
    }

    private DemoModel model(DemoData chosen, Optional<TrainerProcess> trainer, Cleanup cleanup) throws InterruptedException {
        step(2, "model");
        DemoModel model = new DemoModel(models);
        Optional<String> unfit = retrain ? Optional.of("--retrain was given") : model.unfitFor(chosen.folder());
        if (unfit.isEmpty()) {
            out.println("using " + model.onnx() + ", trained on these images (--retrain trains a new one)");
            return model;
        }
        out.println("training a model on " + chosen.folder() + ": " + unfit.get());
        Path staging = createTempFolder(models, ".training-");
        cleanup.add(() -> Utils.delete(staging.toFile()));
        List<String> train = new ArrayList<>(List.of("train", "--data", chosen.folder().toString(), "--out", staging.toString()));
        if (chosen.synthetic()) {
            // 280 drawn training faces give the default batch of 64 too few updates to settle the
            // threshold (measured: test accuracy 0.925); smaller batches reach 1.000 in half the time.
            train.addAll(List.of("--batch-size", "16", "--epochs", "10"));
        }
        requireTrainer(trainer, "train a model").run(cleanup, train.toArray(String[]::new));
        model.install(staging);
        out.println("the new model and its reports are in " + models + " (model.onnx, split.csv, plots, evaluation.json)");
        return model;
    }

    /** A hidden folder inside {@code parent}, so that moving it into place is a rename. */
    private static Path createTempFolder(Path parent, String prefix) {
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder in " + parent + ": " + e.getMessage()
                    + "; make it writable, or pass --data/--models folders that are", e);
        }
    }

    private static TrainerProcess requireTrainer(Optional<TrainerProcess> trainer, String what) {
        return trainer.orElseThrow(() -> new IllegalStateException("the demo needs the trainer to " + what
                + ", which it runs through the launcher: start it as './moodstream demo' from the project folder"));
    }

    /**
     * The demo's own lines tell the story; the broker's and the streamer's logs would bury them.
     * Warnings from Kafka's clients (e.g. a reconnect while shutting down) are noise here, so
     * only errors remain; {@code --verbose} keeps everything.
     */
    private static void quietLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
            logback.getLogger("org.apache.kafka").setLevel(Level.ERROR);
            logback.getLogger("kafka").setLevel(Level.ERROR);
        }
    }

    private void step(int n, String what) {
        out.printf("%n== %d/4 %s ==%n", n, what);
    }
}
