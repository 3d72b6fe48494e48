/**
 * Export of the trained DL4J network to ONNX, and the proof that the export is faithful.
 *
 * <p>{@link moodstream.trainer.export.OnnxExporter} turns a {@code MultiLayerNetwork} into an
 * ONNX model (IR 8, opset 17 or later) taking float32 {@code [batch, C, H, W]} and returning
 * float32 {@code [batch, nOut]}, with the model card in {@code metadata_props}.
 * {@link moodstream.trainer.export.ParityCheck} runs the same images through DL4J and ONNX Runtime
 * and reports the largest difference; the trainer refuses to ship a model that fails it.
 *
 * <p>Supported, in inference form:
 * <ul>
 *   <li>ConvolutionLayer, NCHW, any kernel/stride/dilation/padding, with or without bias, in
 *       Truncate, Strict or Same mode (Same pads computed explicitly from the known input size,
 *       the odd pixel after, like DL4J);
 *   <li>SubsamplingLayer MAX and AVG (no dilation), Truncate/Strict/Same, the average's divisor
 *       following {@code avgPoolIncludePadInDivisor};
 *   <li>BatchNormalization on convolutional or dense activations (running statistics, either
 *       variance or log10-std storage; its configured activation is ignored, as DL4J does);
 *   <li>DropoutLayer and dropout on any layer (identity at inference);
 *   <li>GlobalPoolingLayer MAX and AVG over H and W, collapsed or not;
 *   <li>CnnToFeedForwardPreProcessor (NCHW) as Flatten;
 *   <li>DenseLayer (without layer norm), OutputLayer, ActivationLayer;
 *   <li>activations identity, relu (plain), sigmoid, tanh, leakyrelu, elu, and softmax on
 *       {@code [batch, n]}.
 * </ul>
 * Anything else fails with {@link moodstream.trainer.export.UnsupportedLayerException}.
 *
 * <p>{@link moodstream.trainer.export.BundleCommand} pairs an exported face model with an exported
 * whole-image model as its fallback for images without a face: it rewrites only the face
 * model's card, never its network.
 */
package moodstream.trainer.export;
