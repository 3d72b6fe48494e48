/**
 * The contract between training and serving. {@code image}: the one path from encoded
 * bytes to a model tensor (format sniffing, limits before decode, RGB order, resize,
 * [0,1] scaling). {@code card}: the model card stored in the ONNX metadata.
 * {@code inference}: ONNX Runtime (CPU or CUDA) running a carded model, and turning its
 * scores into labels. {@code split}: the split file that lists which images were held out
 * for testing. The trainer and the streamer both go through here, never around.
 */
package moodstream.core;
