package moodstream.sandbox.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A downstream reader of the labels and dead letters, as a real one would read them
 * (read_committed: output of an unfinished or aborted transaction is invisible), that notes
 * when each key becomes visible. "Visible here" is the end of every measurement, so the
 * transaction commit is inside the timing, as it is for anyone consuming the labels.
 *
 * <p>Keys are {@code <phase prefix><sequence>}; a record whose prefix belongs to no open phase
 * (an earlier run, warm-up leftovers) is ignored.
 */
final class OutputWatcher implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final String deadLetterTopic;
    private final Map<String, Phase> phases = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    OutputWatcher(String bootstrap, List<String> topics, String deadLetterTopic, int maxFetchBytes) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // A fresh group each run reads from the start; only this run's keys are looked at.
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "moodstream-bench-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Dead letters carry whole images.
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxFetchBytes);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Math.max(maxFetchBytes, 52_428_800));
        // Bounds how late an idle fetch can notice new committed data; small next to the commit interval.
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.deadLetterTopic = deadLetterTopic;
        consumer.subscribe(topics);
        this.thread = new Thread(this::poll, "bench-output-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts watching for {@code expected} keys {@code prefix + 0 .. expected-1}. */
    Phase open(String prefix, int expected, boolean recordLatency) {
        Phase phase = new Phase(prefix, expected, recordLatency);
        phases.put(prefix, phase);
        return phase;
    }

    void close(Phase phase) {
        phases.remove(phase.prefix);
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    String key = record.key();
                    int cut = key == null ? -1 : key.lastIndexOf('/');
                    Phase phase = cut < 0 ? null : phases.get(key.substring(0, cut + 1));
                    if (phase != null) {
                        phase.arrived(Integer.parseInt(key.substring(cut + 1)), now, record.topic().equals(deadLetterTopic));
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // close() woke it
        } catch (RuntimeException e) {
            failure.set(e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One measurement's keys: when each was sent, when it became visible, and how. */
    final class Phase {
        private final String prefix;
        private final int expected;
        private final boolean recordLatency;
        private final AtomicLongArray sentNanos;
        private final AtomicLongArray seen;
        private final AtomicLong arrived = new AtomicLong();
        private final AtomicLong deadLetters = new AtomicLong();
        private final AtomicLong duplicates = new AtomicLong();
        private final AtomicLong lastArrivalNanos = new AtomicLong();
        private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
        private final CountDownLatch complete = new CountDownLatch(1);
        /** Written only by the watcher thread; read after {@link #complete}, which publishes it. */
        private final Histogram latencyMicros = new Histogram(3);

        private Phase(String prefix, int expected, boolean recordLatency) {
            this.prefix = prefix;
            this.expected = expected;
            this.recordLatency = recordLatency;
            this.sentNanos = new AtomicLongArray(recordLatency ? expected : 0);
            this.seen = new AtomicLongArray(expected);
        }

        String key(int i) {
            return prefix + i;
        }

        void sent(int i, long nanos) {
            if (recordLatency) {
                sentNanos.set(i, nanos);
            }
        }

        void sendFailed(Exception e) {
            sendFailure.compareAndSet(null, e);
        }

        private void arrived(int i, long now, boolean deadLetter) {
            if (i < 0 || i >= expected) {
                return;
            }
            if (!seen.compareAndSet(i, 0, 1)) {
                // Exactly-once means never; counted so a run that breaks it cannot look faster.
                duplicates.incrementAndGet();
                return;
            }
            if (deadLetter) {
                deadLetters.incrementAndGet();
            }
            if (recordLatency) {
                latencyMicros.recordValue(Math.max(0, (now - sentNanos.get(i)) / 1_000));
            }
            lastArrivalNanos.set(now);
            if (arrived.incrementAndGet() == expected) {
                complete.countDown();
            }
        }

        /**
         * Waits until every key is visible. Gives up when nothing new arrives for {@code stall}:
         * a dead app or broker should end the run with a message, not hang it.
         */
        void await(Duration stall) throws InterruptedException {
            long last = -1;
            long lastProgress = System.nanoTime();
            while (!complete.await(1, TimeUnit.SECONDS)) {
                if (sendFailure.get() != null) {
                    throw new IllegalStateException("sending to Kafka failed: " + sendFailure.get(), sendFailure.get());
                }
                if (failure.get() != null) {
                    throw new IllegalStateException("reading the output failed: " + failure.get(), failure.get());
                }
                long now = arrived.get();
                if (now != last) {
                    last = now;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > stall.toNanos()) {
                    throw new IllegalStateException("only " + now + " of " + expected + " outputs of " + prefix
                            + " became visible; none for " + stall.toSeconds() + " s (is the streamer running?)");
                }
            }
        }

        long deadLetters() {
            return deadLetters.get();
        }

        long duplicates() {
            return duplicates.get();
        }

        long lastArrivalNanos() {
            return lastArrivalNanos.get();
        }

        Histogram latencyMicros() {
            return latencyMicros;
        }
    }
}
