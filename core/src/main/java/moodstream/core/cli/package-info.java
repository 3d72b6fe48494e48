/**
 * The command-line options that commands of several modules share, as picocli mixins declared
 * once, so a flag has one name, one meaning and one default everywhere: the model and how ONNX
 * Runtime runs it ({@link moodstream.core.cli.ModelOptions}, {@link moodstream.core.cli.RuntimeOptions})
 * and the per-image limits ({@link moodstream.core.cli.ImageLimitOptions}).
 */
package moodstream.core.cli;
