/**
 * The training data, from a user's folder to fixed splits. {@link moodstream.trainer.data.DatasetCleaner}
 * walks {@code data/<label>/...}, judges every file with core's {@code ImageDecoder} (by content,
 * fully decoded), drops what cannot train (not images, corrupt, too small, duplicates, images
 * filed under two labels) and reports why, optionally moving rejects to a quarantine folder;
 * it never deletes. {@link moodstream.trainer.data.StratifiedSplit} cuts the kept images into
 * train/validation/test per class, deterministically for a seed, and
 * {@link moodstream.trainer.data.SplitFile} saves that split with content hashes so that
 * evaluation can be repeated on exactly the same images.
 */
package moodstream.trainer.data;
