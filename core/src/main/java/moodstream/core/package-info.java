/**
 * The contract between training and serving. {@code image}: the one path from encoded
 * bytes to a model tensor (format sniffing, limits before decode, OpenCV's DCT-domain JPEG
 * decoding and EXIF orientation, RGB order, resize, [0,1] scaling, the batching step).
 * {@code face}: the face step of that path (OpenCV cascades, the crop). {@code card}: the model
 * card stored in the ONNX metadata. {@code inference}: ONNX Runtime (CPU or CUDA) running a
 * carded model, the decision rule turning its scores into labels, the shipped model's place.
 * {@code split}: the split file that lists which images were held out for testing.
 * {@code cli}: the command-line options every module's commands share. The trainer and the
 * streamer both go through here, never around.
 */
package moodstream.core;
