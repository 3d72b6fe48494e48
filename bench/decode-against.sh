#!/usr/bin/env bash
# Decode+preprocess rate of an older core against this checkout's, one thread, 48x48, every file of DIR:
# JVMs in turns (old, new, old, new, ...), each timing ROUNDS passes after two warm-up passes.
# The ratio of the two medians is the speed-up (docs/performance.md, "Against the decode the issue measured").
#
# Usage: bench/decode-against.sh REV [DIR] [TURNS] [ROUNDS] [CHANNELS]
#   e.g. bench/decode-against.sh 040b9a5^ ../shared/datasets/web-happy-sad 3 3 1   (040b9a5^: core before OpenCV)
#   REV's core is built in a git worktree under ${WORK:-/tmp/moodstream-decode-against}, with OLD_MAVEN_ARGS if set:
#   040b9a5^ names ONNX Runtime 1.29.0, not in this machine's Maven cache; decoding does not use it, so
#   OLD_MAVEN_ARGS=-Donnxruntime.version=1.28.0 builds it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rev="${1:?usage: bench/decode-against.sh REV [DIR] [TURNS] [ROUNDS] [CHANNELS]}"
dir="$(realpath "${2:-$root/../shared/datasets/web-happy-sad}")"
turns="${3:-3}" rounds="${4:-3}" channels="${5:-1}"
work="${WORK:-/tmp/moodstream-decode-against}"
old="$work/$(git -C "$root" rev-parse --short "$rev")"

classpath() { # a checkout's core classes and their runtime dependencies; $3: more Maven arguments
  # shellcheck disable=SC2086 # $3 is a list of arguments
  (cd "$1" && ./mvnw -B -ntp -q -o -pl core -am package -DskipTests $3 \
    && ./mvnw -B -ntp -q -o -pl core dependency:build-classpath -Dmdep.outputFile="$2" -Dmdep.includeScope=runtime $3) >&2
  echo "$1/core/target/classes:$(cat "$2")"
}
[ -d "$old" ] || git -C "$root" worktree add --detach "$old" "$rev" >&2
mkdir -p "$work"
old_cp="$(classpath "$old" "$work/old.cp" "${OLD_MAVEN_ARGS:-}")"
new_cp="$(classpath "$root" "$work/new.cp" "")"
for t in $(seq "$turns"); do
  for side in old new; do
    cp="$old_cp"; [ "$side" = new ] && cp="$new_cp"
    java -cp "$cp" "$root/bench/DecodeRate.java" "$dir" "$rounds" "$channels" 2>/dev/null | sed "s/^/turn $t $side: /"
  done
done | tee "$work/rates.txt"
python3 - "$work/rates.txt" <<'PY'
import re, statistics, sys
rates = {"old": [], "new": []}
for line in open(sys.argv[1]):
    m = re.match(r"turn \d+ (old|new): round \d+: .* ([\d.]+) img/s", line)
    if m:
        rates[m[1]].append(float(m[2]))
old, new = statistics.median(rates["old"]), statistics.median(rates["new"])
print(f"median img/s: old {old:.1f}, new {new:.1f}; speed-up {new / old:.2f}x "
      f"(range of per-round ratios {min(rates['new']) / max(rates['old']):.2f}-{max(rates['new']) / min(rates['old']):.2f})")
PY
