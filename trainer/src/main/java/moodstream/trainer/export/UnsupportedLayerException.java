package moodstream.trainer.export;

/**
 * A network holds a layer, activation or setting that {@link OnnxExporter} cannot translate
 * faithfully. Thrown rather than exporting an approximation, because a model that silently
 * computes something else is worse than no model.
 */
public class UnsupportedLayerException extends RuntimeException {

    /** Listed in every message so the caller knows what to change the network to. */
    public static final String SUPPORTED =
            "Supported: ConvolutionLayer (NCHW; Truncate, Strict or Same mode), "
                    + "SubsamplingLayer (MAX/AVG), BatchNormalization, DropoutLayer, "
                    + "GlobalPoolingLayer (MAX/AVG over H,W), DenseLayer (without layer norm), OutputLayer, "
                    + "ActivationLayer, CnnToFeedForwardPreProcessor; activations identity, relu, sigmoid, "
                    + "softmax (on 2-d activations), tanh, leakyrelu, elu.";

    public UnsupportedLayerException(
            int layerIndex, String layerName, String layerClass, String what) {
        super("Layer " + layerIndex + " ('" + layerName + "', " + layerClass + "): " + what
                + " is not supported. " + SUPPORTED);
    }
}
