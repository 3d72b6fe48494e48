#!/usr/bin/env bash
# The streaming benchmark for the docs: builds, then on the same model and images runs
#   moodstream-sandbox bench             (a) in-process limit, (b) end-to-end exactly-once throughput, (c) latency
#   moodstream-trainer bench-inference   (d) ONNX Runtime against DL4J, batch 1 and 32
# and keeps everything in bench/results/streaming-<time>.{txt,jsonl,log}: the tables and JSON,
# one JSON line per command, and the logs.
#
# Usage: bench/streaming.sh MODEL_DIR DATA_DIR [options for both: --limit N --seconds S | --repeat R --warmup N]
#   MODEL_DIR holds model.onnx and model.zip (a 'train' output folder); DATA_DIR is searched recursively.
#   STREAM_ARGS="--stream-threads 2 --intra-op-threads 1"  extra options for bench only
#   INFERENCE_ARGS="--intra-op-threads 0"                   options for bench-inference only (this is the default: every core, as DL4J)
#   JAVA_OPTS="-Xmx2g"   MVN_ARGS="-o"                      passed to java and to the build
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 2 ] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
model_dir="$(cd "$1" && pwd)"; data_dir="$(cd "$2" && pwd)"; shift 2
[ -f "$model_dir/model.onnx" ] && [ -f "$model_dir/model.zip" ] || { echo "no model.onnx and model.zip in $model_dir" >&2; exit 2; }
cd "$root"

# shellcheck disable=SC2086
./mvnw -q -B ${MVN_ARGS:-} -DskipTests package

mkdir -p bench/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
txt="bench/results/streaming-$stamp.txt"; jsonl="bench/results/streaming-$stamp.jsonl"; log="bench/results/streaming-$stamp.log"
stream_cmd=(java ${JAVA_OPTS:-} -jar sandbox/target/moodstream-sandbox.jar bench --model "$model_dir/model.onnx" --data "$data_dir"
    --out "$jsonl" "$@" ${STREAM_ARGS:-})
inference_cmd=(java ${JAVA_OPTS:-} -jar trainer/target/moodstream-trainer.jar bench-inference --model-dir "$model_dir" --data "$data_dir"
    --out "$jsonl" "$@" ${INFERENCE_ARGS:---intra-op-threads 0})
{
  echo "# moodstream streaming benchmark $stamp"
  echo "# commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (uncommitted changes)')"
  echo "# $(uname -srm), $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "\$ ${stream_cmd[*]}"
} | tee "$txt"
"${stream_cmd[@]}" 2>>"$log" | tee -a "$txt"
{ echo; echo "\$ ${inference_cmd[*]}"; } | tee -a "$txt"
"${inference_cmd[@]}" 2>>"$log" | tee -a "$txt"
echo "results: $txt ($jsonl, logs in $log)"
