/**
 * An in-process, single-node Kafka broker (KRaft, combined broker and controller) on loopback.
 *
 * <p>This package owns the broker's lifecycle: storage formatting, configuration for a one-node
 * cluster, free-port selection, readiness, topic creation and clean shutdown. It is the sandbox's
 * code, not test scaffolding: the integration tests use it because this machine has no Docker
 * engine, and the demo and bench commands use it to run the whole pipeline on one machine. It is
 * not in the streamer's jar or image. Nothing here is meant to be reachable from another host.
 */
package moodstream.sandbox.broker;
