/**
 * Synthetic training data: drawn happy and sad faces, so the demo can train on a fresh clone
 * that has no images. {@link moodstream.trainer.synth.SyntheticFaces} draws one face;
 * {@link moodstream.trainer.synth.SynthFacesCommand} ({@code moodstream synth-faces}) writes a set.
 */
package moodstream.trainer.synth;
