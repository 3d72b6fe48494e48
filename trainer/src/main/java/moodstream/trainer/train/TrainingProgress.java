package moodstream.trainer.train;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: a progress bar per epoch on a terminal, plain lines (about ten
 * per epoch) when output goes to a file or CI log, where a bar's carriage returns are noise.
 */
public final class TrainingProgress {
    private final PrintStream out;
    private final boolean terminal;
    private ProgressBar bar;
    private int batches;
    private int done;
    private double lossSum;
    private int epoch;

    public TrainingProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** A bar when a console is attached, lines otherwise. */
    public static TrainingProgress forConsole(PrintStream out) {
        return new TrainingProgress(out, System.console() != null);
    }

    void epochStarted(int epoch, int epochs, int batches) {
        this.epoch = epoch;
        this.batches = batches;
        this.done = 0;
        this.lossSum = 0;
        if (terminal) {
            bar = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                    .setInitialMax(batches)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(out))
                    .setUpdateIntervalMillis(250)
                    .continuousUpdate()
                    .build();
        }
    }

    void batchDone(double loss) {
        done++;
        lossSum += loss;
        String mean = String.format(Locale.ROOT, "loss %.4f", lossSum / done);
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(mean);
        } else if (done == batches || done % Math.max(1, batches / 10) == 0) {
            out.printf(Locale.ROOT, "  epoch %d batch %d/%d %s%n", epoch, done, batches, mean);
        }
    }

    void epochDone(EpochMetrics m, boolean best) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        out.printf(Locale.ROOT, "epoch %3d  train loss %.4f acc %.4f | val loss %.4f acc %.4f | lr %.3g | %.1fs%s%n",
                m.epoch(), m.trainLoss(), m.trainAccuracy(), m.validationLoss(), m.validationAccuracy(), m.learningRate(), m.seconds(),
                best ? "  *best" : "");
    }

    void learningRateCut(int epoch, double from, double to, int epochs) {
        out.printf(Locale.ROOT, "learning rate %.3g -> %.3g after epoch %d: no better validation loss for %d epochs%n",
                from, to, epoch, epochs);
    }

    void stoppedEarly(int epoch, int bestEpoch, int patience) {
        out.printf(Locale.ROOT, "early stop after epoch %d: no better validation loss for %d epochs; keeping epoch %d%n",
                epoch, patience, bestEpoch);
    }
}
