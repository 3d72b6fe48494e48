/**
 * The trainer: from a folder of labelled images to a served model. By feature:
 * {@code data} cleans and splits the folder (judging each file through the model's own
 * preprocessing, once), {@code train} scales and fits (DL4J), {@code model} holds the
 * architectures, {@code evaluate} scores the exported model (per path for a face-aware one),
 * {@code report} draws plots and grids, {@code export} turns the network into ONNX and proves
 * parity, {@code pipeline} runs the steps in order, {@code predict} labels files, {@code faces}
 * measures face detectors, {@code synth} draws the demo's synthetic faces, {@code bench} times
 * training and inference, {@code io} writes files atomically. Images go through core's
 * ImagePreprocessor, the streamer's own path.
 */
package moodstream.trainer;
