/**
 * The trainer: from a folder of labelled images to a served model. By feature:
 * {@code data} cleans and splits the folder, {@code train} scales and fits (DL4J),
 * {@code model} holds the architectures, {@code evaluate} scores the exported model,
 * {@code report} draws plots and grids, {@code export} turns the network into ONNX and
 * proves parity, {@code pipeline} runs the steps in order, {@code predict} labels files.
 * Images go through core's ImagePreprocessor, the streamer's own path.
 */
package moodstream.trainer;
