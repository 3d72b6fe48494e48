package moodstream.trainer.model;

import java.util.Locale;
import moodstream.core.card.ModelCard;
import moodstream.core.image.PreprocessingSpec;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** The networks the trainer can build. Each knows its default input and training settings. */
public enum Architecture {
    /**
     * The tutorial's network, layer for layer: 256x256x3, Conv16-Pool-Conv32-Pool-Conv16-Pool,
     * Dense 256, one sigmoid unit, Adam 1e-3, binary cross-entropy, 20 epochs, batch 32,
     * Keras' Glorot-uniform initialisation and 'valid' convolutions.
     */
    TUTORIAL(PreprocessingSpec.of(256, 256, 3), 20, 32, 1e-3, 0, false, ModelCard.OutputKind.SIGMOID),

    /**
     * moodstream's default, chosen by measurement (docs/training.md): four 3x3 conv blocks
     * (16-32-64-128) with batch norm, global average pooling instead of a large dense layer,
     * dropout, softmax over any number of classes, at 48x48 gray (FER-2013's own size), Adam
     * with a learning rate that decays every epoch.
     */
    COMPACT(PreprocessingSpec.of(48, 48, 1), 15, 64, 2e-3, 4, true, ModelCard.OutputKind.SOFTMAX),

    /** COMPACT with twice the channels in the first three blocks (32-64-128-128): about half as fast. */
    WIDE(PreprocessingSpec.of(48, 48, 1), 15, 64, 2e-3, 4, true, ModelCard.OutputKind.SOFTMAX),

    /** Three conv blocks (16-32-64) without batch norm, a dense 128 head and dropout. */
    PLAIN(PreprocessingSpec.of(48, 48, 1), 15, 64, 1e-3, 4, true, ModelCard.OutputKind.SOFTMAX);

    private final PreprocessingSpec defaultInput;
    private final int defaultEpochs;
    private final int defaultBatchSize;
    private final double defaultLearningRate;
    private final int defaultPatience;
    private final boolean defaultAugment;
    private final ModelCard.OutputKind output;

    Architecture(PreprocessingSpec defaultInput, int epochs, int batchSize, double learningRate, int patience, boolean augment,
                 ModelCard.OutputKind output) {
        this.defaultInput = defaultInput;
        this.defaultEpochs = epochs;
        this.defaultBatchSize = batchSize;
        this.defaultLearningRate = learningRate;
        this.defaultPatience = patience;
        this.defaultAugment = augment;
        this.output = output;
    }

    public static Architecture parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown architecture '" + name + "': use compact, wide, plain or tutorial");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public PreprocessingSpec defaultInput() {
        return defaultInput;
    }

    public int defaultEpochs() {
        return defaultEpochs;
    }

    public int defaultBatchSize() {
        return defaultBatchSize;
    }

    public double defaultLearningRate() {
        return defaultLearningRate;
    }

    /** Early-stopping patience; the tutorial runs all its epochs (0: off). */
    public int defaultPatience() {
        return defaultPatience;
    }

    /** The tutorial does not augment; reproducing it means not augmenting either. */
    public boolean defaultAugment() {
        return defaultAugment;
    }

    public ModelCard.OutputKind output() {
        return output;
    }

    /** Output units for {@code classes} labels. */
    public int outputUnits(int classes) {
        return output == ModelCard.OutputKind.SIGMOID ? 1 : classes;
    }

    public MultiLayerConfiguration build(PreprocessingSpec input, int classes, double learningRate, long seed) {
        if (output == ModelCard.OutputKind.SIGMOID && classes != 2) {
            throw new IllegalArgumentException("the " + id() + " architecture has one sigmoid output and serves exactly 2 classes,"
                    + " the data has " + classes + "; use --architecture compact for more classes");
        }
        InputType inputType = InputType.convolutional(input.height(), input.width(), input.channels());
        return switch (this) {
            case TUTORIAL -> tutorial(inputType, learningRate, seed);
            case COMPACT -> batchNormGap(inputType, new int[] {16, 32, 64, 128}, classes, learningRate, seed);
            case WIDE -> batchNormGap(inputType, new int[] {32, 64, 128, 128}, classes, learningRate, seed);
            case PLAIN -> plain(inputType, classes, learningRate, seed);
        };
    }

    private static MultiLayerConfiguration tutorial(InputType inputType, double learningRate, long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .convolutionMode(ConvolutionMode.Truncate)
                .list()
                .layer(conv(16, Activation.RELU))
                .layer(maxPool())
                .layer(conv(32, Activation.RELU))
                .layer(maxPool())
                .layer(conv(16, Activation.RELU))
                .layer(maxPool())
                .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1).activation(Activation.SIGMOID).build())
                .setInputType(inputType)
                .build();
    }

    private static MultiLayerConfiguration batchNormGap(InputType inputType, int[] widths, int classes, double learningRate,
                                                        long seed) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(decayingAdam(learningRate))
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .list();
        for (int i = 0; i < widths.length; i++) {
            layers.layer(conv(widths[i], Activation.IDENTITY));
            layers.layer(new BatchNormalization.Builder().build());
            layers.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
            if (i < widths.length - 1) {
                layers.layer(maxPool());
            }
        }
        return layers
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new DropoutLayer.Builder(0.7).build()) // DL4J's value is the retain probability
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .setInputType(inputType)
                .build();
    }

    private static MultiLayerConfiguration plain(InputType inputType, int classes, double learningRate, long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(decayingAdam(learningRate))
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .list()
                .layer(conv(16, Activation.RELU))
                .layer(maxPool())
                .layer(conv(32, Activation.RELU))
                .layer(maxPool())
                .layer(conv(64, Activation.RELU))
                .layer(maxPool())
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                .layer(new DropoutLayer.Builder(0.5).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .setInputType(inputType)
                .build();
    }

    /**
     * Adam whose learning rate shrinks by 15% an epoch (to a tenth after 15): large steps while
     * far from a minimum, small ones to settle instead of bouncing around it. The trainer counts
     * epochs into the network, which is what the schedule reads.
     */
    private static Adam decayingAdam(double learningRate) {
        return new Adam(new ExponentialSchedule(ScheduleType.EPOCH, learningRate, 0.85));
    }

    private static ConvolutionLayer conv(int filters, Activation activation) {
        return new ConvolutionLayer.Builder(3, 3).stride(1, 1).nOut(filters).activation(activation).build();
    }

    private static SubsamplingLayer maxPool() {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }
}
