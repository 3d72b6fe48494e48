/**
 * An in-process, single-node Kafka broker (KRaft, combined broker and controller) on loopback.
 *
 * <p>This package owns the broker's lifecycle: storage formatting, configuration for a one-node
 * cluster, free-port selection, readiness, topic creation and clean shutdown. It is product code,
 * not test scaffolding: the integration tests use it because this machine has no Docker engine,
 * and the demo command uses it to run the whole pipeline on one machine. Nothing here is meant to
 * be reachable from another host.
 */
package moodstream.streamer.broker;
