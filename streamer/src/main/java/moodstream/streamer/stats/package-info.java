/**
 * What the stream says over time: each label or dead letter becomes a {@link moodstream.streamer.stats.Tally},
 * counted per tumbling window into {@link moodstream.streamer.stats.WindowStats}, and one JSON record per
 * closed window goes to {@code labels.stats}. The sub-topology is declared in
 * {@link moodstream.streamer.labeling.LabelingTopology}, next to the labelling one.
 */
package moodstream.streamer.stats;
