package moodstream.sandbox.demo;

import java.nio.file.Path;

/**
 * One test image the demo publishes.
 *
 * @param path          the file
 * @param key           the record key: its path relative to the data folder
 * @param expectedLabel its folder's name, which the label is scored against
 */
record DemoImage(Path path, String key, String expectedLabel) {
}
