/**
 * {@code moodstream demo}: the whole mission on one machine, offline. It picks the data (the
 * user's, or drawn synthetic faces), has the trainer train a model when none fits that data,
 * starts an embedded Kafka broker and the streamer, publishes the model's held-out test images
 * and prints each label as it arrives, then a summary. Everything it starts it stops, on
 * success, failure or Ctrl-C.
 */
package moodstream.sandbox.demo;
