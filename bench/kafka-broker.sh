#!/usr/bin/env bash
# A single-node Kafka broker in a process of its own, as users run one, for `bench --bootstrap-servers`:
# Kafka's own kafka.Kafka from the project's dependencies, with the embedded broker's settings
# (EmbeddedKafkaBroker.brokerConfig: replication 1, the transaction timings of docs/streaming.md).
#
# Usage: bench/kafka-broker.sh DIR [PORT]     DIR a new folder (config, data, broker.log); PORT default 9092
#   It prints the broker's pid, waits until it answers, and leaves it running; stop it with kill PID.
#   JAVA_OPTS="-Xmx1g" is passed to the broker's JVM; build first with ./mvnw -DskipTests package.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 1 ] || { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
dir="$1"; port="${2:-9092}"
jar="$root/sandbox/target/moodstream-sandbox.jar"
[ -f "$jar" ] || { echo "no $jar: build with ./mvnw -DskipTests package first" >&2; exit 2; }
cp="$jar:$root/sandbox/target/lib/*"
java -cp "$cp" moodstream.sandbox.SandboxCli broker-config --dir "$dir" --port "$port" >/dev/null
# shellcheck disable=SC2086
nohup java ${JAVA_OPTS:--Xmx1g} -cp "$cp" kafka.Kafka "$dir/server.properties" > "$dir/broker.log" 2>&1 &
pid=$!
echo "$pid" > "$dir/broker.pid"
for _ in $(seq 1 120); do
  if ! kill -0 "$pid" 2>/dev/null; then echo "the broker exited; see $dir/broker.log" >&2; tail -20 "$dir/broker.log" >&2; exit 1; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "broker pid $pid on 127.0.0.1:$port (log $dir/broker.log)"; exit 0
  fi
  sleep 0.5
done
echo "the broker did not open port $port within 60 s; see $dir/broker.log" >&2; exit 1
