package moodstream.streamer.follow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import moodstream.streamer.labeling.DeadLetterHeaders;
import moodstream.streamer.labeling.LabelJson;
import moodstream.streamer.labeling.LabelMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** How records become events, and the consumer's settings; the reading itself is in LabelsIT. */
class LabelFollowerTest {
    private static final Optional<String> DLQ = Optional.of("images.dlq");

    private static ConsumerRecord<byte[], byte[]> record(String topic, String key, byte[] value, RecordHeaders headers) {
        return record(topic, key == null ? null : utf8(key), value, headers);
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, byte[] key, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>(topic, 0, 42, 1_000, TimestampType.CREATE_TIME, -1, -1, key, value, headers, Optional.empty());
    }

    @Test
    void aKeyThatIsNotUtf8IsShownAsBase64NotMangled() {
        byte[] key = {(byte) 0xff, 0x00, (byte) 0xc3, 0x28, 0x4b, 0x65, 0x79};
        FollowedRecord e = LabelFollower.toEvent(record("images.dlq", key, utf8("x"), new RecordHeaders()), DLQ, 0);
        assertThat(e.key()).isEqualTo("base64:" + java.util.Base64.getEncoder().encodeToString(key));
        assertThat(LabelFollower.toEvent(record("images.dlq", (byte[]) null, utf8("x"), new RecordHeaders()), DLQ, 0).key()).isNull();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLabelValueBecomesALabelEvent() {
        LabelMessage message = LabelFormatsTest.message("a.jpg", "sad", 0.8);
        FollowedRecord e = LabelFollower.toEvent(record("labels", "a.jpg", LabelJson.write(message), new RecordHeaders()), DLQ, 1_250);
        assertThat(e.label()).contains(message);
        assertThat(e.deadLetter()).isFalse();
        assertThat(e.topic()).isEqualTo("labels");
        assertThat(e.key()).isEqualTo("a.jpg");
        assertThat(e.publishedAtMs()).isEqualTo(1_000);
        assertThat(e.latencyMs()).isEqualTo(250);
        assertThat(e.source()).contains(message.source());
    }

    @Test
    void malformedValuesAreUnreadableEventsNotErrors() {
        FollowedRecord notJson = LabelFollower.toEvent(record("labels", "k", utf8("oops, not json"), new RecordHeaders()), DLQ, 0);
        assertThat(notJson.unreadable()).isTrue();
        assertThat(notJson.errorMessage()).hasValueSatisfying(m -> assertThat(m).contains("not a label message")
                .contains("'oops, not json' (14 bytes)"));
        FollowedRecord wrongShape = LabelFollower.toEvent(record("labels", "k", utf8("{\"label\":\"happy\"}"), new RecordHeaders()),
                DLQ, 0);
        assertThat(wrongShape.unreadable()).isTrue();
        FollowedRecord binary = LabelFollower.toEvent(record("labels", "k", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1},
                new RecordHeaders()), DLQ, 0);
        assertThat(binary.errorMessage()).hasValueSatisfying(m -> assertThat(m).contains("5 bytes, not text"));
        FollowedRecord tombstone = LabelFollower.toEvent(record("labels", "k", null, new RecordHeaders()), DLQ, 0);
        assertThat(tombstone.unreadable()).isTrue();
        assertThat(tombstone.errorMessage()).hasValueSatisfying(m -> assertThat(m).contains("tombstone"));
        String longText = "x".repeat(500);
        assertThat(LabelFollower.toEvent(record("labels", "k", utf8(longText), new RecordHeaders()), DLQ, 0).errorMessage().get())
                .hasSizeLessThan(250);
    }

    @Test
    void aDeadLetterIsReadFromItsHeaders() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", utf8("text/plain"));
        headers.add(DeadLetterHeaders.ERROR_CODE, utf8("NOT_AN_IMAGE"));
        headers.add(DeadLetterHeaders.ERROR_MESSAGE, utf8("no signature"));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8("images"));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, utf8("2"));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8("17"));
        FollowedRecord e = LabelFollower.toEvent(record("images.dlq", "notes.txt", utf8("hello"), headers), DLQ, 1_300);
        assertThat(e.deadLetter()).isTrue();
        assertThat(e.errorCode()).contains("NOT_AN_IMAGE");
        assertThat(e.errorMessage()).contains("no signature");
        assertThat(e.source()).contains(new LabelMessage.Source("images", 2, 17));
        assertThat(e.latencyMs()).isEqualTo(300);

        FollowedRecord bare = LabelFollower.toEvent(record("images.dlq", "x", utf8("hello"), new RecordHeaders()), DLQ, 0);
        assertThat(bare.deadLetter()).isTrue();
        assertThat(bare.errorCode()).contains("UNKNOWN");
        assertThat(bare.source()).isEmpty();
        // Not following dead letters: a topic of that name is just another topic.
        assertThat(LabelFollower.toEvent(record("images.dlq", "x", utf8("hello"), headers), Optional.empty(), 0).unreadable()).isTrue();
    }

    @Test
    void aViewerHasNoGroupAndCommitsNothingAndReadsOnlyCommittedRecords() {
        Properties p = LabelFollower.consumerProperties("broker:9092", Map.of(), Optional.empty());
        assertThat(p).containsEntry("bootstrap.servers", "broker:9092").containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", "false").doesNotContainKey("group.id").doesNotContainKey("auto.offset.reset")
                .containsEntry("fetch.max.wait.ms", "50");
        assertThat(Integer.parseInt(p.getProperty("max.partition.fetch.bytes"))).isGreaterThan(16 * 1024 * 1024);
    }

    @Test
    void aGroupAndOverrides() {
        Properties p = LabelFollower.consumerProperties("broker:9092",
                Map.of("isolation.level", "read_uncommitted", "security.protocol", "SSL"), Optional.of("dashboard"));
        assertThat(p).containsEntry("group.id", "dashboard").containsEntry("isolation.level", "read_uncommitted")
                .containsEntry("security.protocol", "SSL").containsEntry("enable.auto.commit", "false");
    }
}
