#!/usr/bin/env bash
# Issue 11's matrix in one run: `bench` against one broker in a process of its own (bench/kafka-broker.sh),
# for each data set and each batch size, one after the other; results in bench/results/batching-<time>.{txt,jsonl}.
#
# Usage: bench/batching.sh [MODEL]   (default: the shipped models/default/model.onnx)
#   DATASETS=../shared/datasets  BATCHES="1 8 32"  FACES_ARGS / PHOTOS_ARGS override each set's length options;
#   EXTRA="--kafka commit.interval.ms=200" is added to every run. Build first: ./mvnw -DskipTests package.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
model="${1:-models/default/model.onnx}"
datasets="${DATASETS:-../shared/datasets}"
batches="${BATCHES:-1 8 32}"
faces_args=(${FACES_ARGS:---limit 3021 --repeat 3 --warmup 300})
photos_args=(${PHOTOS_ARGS:---limit 301 --repeat 2 --warmup 50})
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p bench/results
txt="bench/results/batching-$stamp.txt"; jsonl="bench/results/batching-$stamp.jsonl"; log="bench/results/batching-$stamp.log"
broker_dir="$(mktemp -d /tmp/moodstream-bench-broker-XXXXXX)"
port=$(( 20000 + RANDOM % 20000 ))
bench/kafka-broker.sh "$broker_dir" "$port" | tee -a "$log"
pid="$(cat "$broker_dir/broker.pid")"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$broker_dir"' EXIT
{
  echo "# moodstream batching benchmark $stamp, broker pid $pid on 127.0.0.1:$port (kafka.Kafka, its own JVM)"
  echo "# commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (uncommitted changes)'), model $model"
  echo "# $(uname -srm), $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$txt"
for set in faces photos; do
  if [ "$set" = faces ]; then data="$datasets/fer2013-happy-sad/test"; args=("${faces_args[@]}"); else data="$datasets/web-happy-sad"; args=("${photos_args[@]}"); fi
  for b in $batches; do
    cmd=(java -jar sandbox/target/moodstream-sandbox.jar bench --model "$model" --data "$data" --provider cpu
         --bootstrap-servers "127.0.0.1:$port" --broker-pid "$pid" --batch-size "$b" --out "$jsonl" "${args[@]}" ${EXTRA:-})
    { echo; echo "\$ ${cmd[*]}"; } | tee -a "$txt"
    "${cmd[@]}" 2>>"$log" | sed -n '1,/^{/p' | grep -v '^{' | tee -a "$txt"
  done
done
echo "results: $txt ($jsonl)"
