package moodstream.trainer.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import moodstream.core.card.ModelCard;
import moodstream.core.image.TensorBatch;
import moodstream.core.inference.ScoreDecoder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fits a network: the training split reshuffled every epoch (and augmented if asked),
 * validation after every epoch, the best epoch by validation loss kept, early stopping
 * after {@code patience} epochs without improvement, and, if asked, the learning rate cut on a
 * plateau of the validation loss. The test split never comes here.
 *
 * <p>Without validation images (a refit, which replays an earlier run's rates epoch by epoch) the
 * network keeps its last epoch's weights: nothing is there to pick another by.
 */
public final class Trainer {
    /** Train metrics are measured on at most this many training images per epoch, to keep epochs cheap. */
    private static final int TRAIN_METRIC_SAMPLE = 2048;
    private static final int INFERENCE_BATCH = 128;

    private final TrainingOptions options;
    private final TrainingProgress progress;

    public Trainer(TrainingOptions options, TrainingProgress progress) {
        this.options = options;
        this.progress = progress;
    }

    public TrainingResult train(MultiLayerNetwork net, TensorSet train, TensorSet validation) {
        long start = System.nanoTime();
        Random random = new Random(options.seed());
        Augmenter augmenter = new Augmenter(train.spec(), 0.08, options.erase());
        TensorSet trainSample = sample(train, TRAIN_METRIC_SAMPLE, new Random(options.seed() + 1));
        int classes = train.labels().size();
        ScoreDecoder decoder = new ScoreDecoder(train.labels(), options.output(), ModelCard.DEFAULT_THRESHOLD);

        List<EpochMetrics> history = new ArrayList<>();
        INDArray bestParams = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        boolean stoppedEarly = false;
        int batches = (train.size() + options.batchSize() - 1) / options.batchSize();
        if (options.plateau().isPresent()) {
            // A fixed rate replaces the architecture's schedule (DL4J drops schedules on setLearningRate).
            net.setLearningRate(options.learningRate());
        }
        int sinceChange = 0;

        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            if (options.replays()) {
                net.setLearningRate(options.replayedRates().get(epoch - 1));
            }
            double rate = currentRate(net, epoch);
            progress.epochStarted(epoch, options.epochs(), batches);
            double batchLossSum = fitOneEpoch(net, train, batches, augmenter, random, classes);
            // Learning-rate schedules by epoch read this count; fit(DataSet) does not advance it.
            net.incrementEpochCount();
            EpochMetrics metrics = measure(net, epoch, batchLossSum / train.size(), trainSample, validation, decoder,
                    (System.nanoTime() - epochStart) / 1e9, rate);
            double valLoss = metrics.validationLoss();
            history.add(metrics);
            boolean improved = valLoss < bestLoss;
            if (improved) {
                bestLoss = valLoss;
                bestEpoch = epoch;
                bestParams = net.params().dup();
            }
            progress.epochDone(metrics, improved);
            sinceChange = improved ? 0 : sinceChange + 1;
            if (options.plateau().isPresent() && epoch < options.epochs()) {
                var cut = options.plateau().get().afterEpoch(rate, sinceChange);
                if (cut.isPresent()) {
                    net.setLearningRate(cut.getAsDouble());
                    progress.learningRateCut(epoch, rate, cut.getAsDouble(), sinceChange);
                    sinceChange = 0;
                }
            }
            if (options.patience() > 0 && validation.size() > 0 && epoch - bestEpoch >= options.patience() && epoch < options.epochs()) {
                progress.stoppedEarly(epoch, bestEpoch, options.patience());
                stoppedEarly = true;
                break;
            }
        }
        if (validation.size() == 0) {
            return new TrainingResult(List.copyOf(history), history.size(), false, (System.nanoTime() - start) / 1e9);
        }
        if (bestParams != null) {
            // Batch-norm running statistics are part of params() in DL4J, so they are restored too.
            net.setParams(bestParams);
        }
        return new TrainingResult(List.copyOf(history), Math.max(1, bestEpoch), stoppedEarly, (System.nanoTime() - start) / 1e9);
    }

    /** The rate this epoch runs with: the plateau's fixed rate, or the architecture's schedule at this epoch. */
    private static double currentRate(MultiLayerNetwork net, int epoch) {
        var updater = net.getLayer(0).conf().getLayer().getUpdaterByParam("W");
        return updater.hasLearningRate() ? updater.getLearningRate(net.getIterationCount(), epoch - 1) : Double.NaN;
    }

    /** One pass over the training split in a fresh random order, augmented; the summed minibatch loss. */
    private double fitOneEpoch(MultiLayerNetwork net, TensorSet train, int batches, Augmenter augmenter, Random random, int classes) {
        int[] order = shuffled(train.size(), random);
        double batchLossSum = 0;
        for (int b = 0; b < batches; b++) {
            int from = b * options.batchSize();
            int to = Math.min(train.size(), from + options.batchSize());
            List<float[]> x = new ArrayList<>(to - from);
            int[] y = new int[to - from];
            for (int i = from; i < to; i++) {
                float[] pixels = train.pixels().get(order[i]);
                x.add(options.augment() ? augmenter.apply(pixels, random) : pixels);
                y[i - from] = train.targets()[order[i]];
            }
            net.fit(new DataSet(features(x, train), targets(y, classes)));
            double loss = net.score();
            batchLossSum += loss * y.length;
            progress.batchDone(loss);
        }
        return batchLossSum;
    }

    /** Loss and accuracy after an epoch, in inference mode, on a sample of the training split and on validation. */
    private EpochMetrics measure(MultiLayerNetwork net, int epoch, double minibatchLoss, TensorSet trainSample, TensorSet validation,
                                 ScoreDecoder decoder, double seconds, double learningRate) {
        float[][] trainOut = output(net, trainSample);
        float[][] valOut = output(net, validation);
        return new EpochMetrics(epoch,
                minibatchLoss,
                Predictions.loss(trainOut, trainSample.targets(), options.output()),
                Predictions.accuracy(Predictions.classes(trainOut, decoder), trainSample.targets()),
                Predictions.loss(valOut, validation.targets(), options.output()),
                Predictions.accuracy(Predictions.classes(valOut, decoder), validation.targets()),
                seconds, learningRate);
    }

    /** Inference-mode outputs for a whole set, in batches. */
    public static float[][] output(MultiLayerNetwork net, TensorSet set) {
        float[][] rows = new float[set.size()][];
        for (int from = 0; from < set.size(); from += INFERENCE_BATCH) {
            int to = Math.min(set.size(), from + INFERENCE_BATCH);
            INDArray out = net.output(features(set.pixels().subList(from, to), set), false);
            for (int i = from; i < to; i++) {
                rows[i] = out.getRow(i - from).dup('c').toFloatVector();
            }
        }
        return rows;
    }

    /** Stacks CHW tensors into one NCHW batch: core's batching step, as ONNX Runtime gets it at serving. */
    public static INDArray features(List<float[]> images, TensorSet set) {
        TensorBatch batch = TensorBatch.stack(images, set.spec());
        return Nd4j.create(batch.data(), batch.shape(), 'c');
    }

    /** Targets for a minibatch, smoothed by ε if asked: 1 − ε + ε/K for the true class, ε/K for the others. */
    INDArray targets(int[] y, int classes) {
        if (options.output() == ModelCard.OutputKind.SIGMOID) {
            float off = (float) (options.labelSmoothing() / 2);
            float[] column = new float[y.length];
            for (int i = 0; i < y.length; i++) {
                column[i] = y[i] == 1 ? 1f - off : off;
            }
            return Nd4j.create(column, new long[] {y.length, 1}, 'c');
        }
        float off = (float) (options.labelSmoothing() / classes);
        float[] oneHot = new float[y.length * classes];
        for (int i = 0; i < y.length; i++) {
            for (int k = 0; k < classes; k++) {
                oneHot[i * classes + k] = k == y[i] ? 1f - (float) options.labelSmoothing() + off : off;
            }
        }
        return Nd4j.create(oneHot, new long[] {y.length, classes}, 'c');
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static TensorSet sample(TensorSet set, int max, Random random) {
        if (set.size() <= max) {
            return set;
        }
        return set.subset(Arrays.copyOf(shuffled(set.size(), random), max));
    }
}
