#!/usr/bin/env bash
# Which nd4j-native build trains fastest on this machine? Runs `moodstream bench-train`
# once per build and round, interleaved (A B C.. A B C..) so machine noise hits all alike,
# and prints images/s with the ratio to the portable linux-x86_64 build.
# Usage: bench/nd4j-variants.sh [rounds] [bench-train options...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rounds="${1:-2}"; shift || true
args=("$@"); [ ${#args[@]} -gt 0 ] || args=(--architecture wide --size 64 --channels 1 --batch-size 64 --batches 20)
version=1.0.0-M2.1
variants=(linux-x86_64 linux-x86_64-avx2 linux-x86_64-avx512 linux-x86_64-onednn linux-x86_64-onednn-avx2)

./mvnw -q -B -DskipTests -pl trainer -am package
dir="$root/trainer/target/nd4j-variants"; mkdir -p "$dir"
base_cp=$(ls "$root"/trainer/target/lib/*.jar | grep -v "nd4j-native-$version-linux-x86_64" | tr '\n' ':')
for v in "${variants[@]}"; do
  [ -f "$dir/nd4j-native-$version-$v.jar" ] || ./mvnw -q -B dependency:copy \
      -Dartifact="org.nd4j:nd4j-native:$version:jar:$v" -DoutputDirectory="$dir" >/dev/null
done

results="$dir/results.txt"; : > "$results"
for r in $(seq 1 "$rounds"); do
  for v in "${variants[@]}"; do
    ext="${v#linux-x86_64}"
    line=$(java -Xmx4g -Dorg.bytedeco.javacpp.platform.extension="$ext" \
        -cp "$root/trainer/target/moodstream-trainer.jar:$base_cp$dir/nd4j-native-$version-$v.jar" \
        moodstream.trainer.TrainerCli bench-train "${args[@]}" 2>"$dir/$v.err" | grep '^RESULT' || echo "RESULT failed (see $dir/$v.err)")
    echo "round=$r variant=$v $line" | tee -a "$results"
  done
done

echo
echo "variant                      mean images/s   ratio to linux-x86_64"
awk '{ for (i=1;i<=NF;i++) { split($i,kv,"="); f[kv[1]]=kv[2] } if (f["images_per_s"]!="") { s[f["variant"]]+=f["images_per_s"]; n[f["variant"]]++ } delete f }
     END { base = s["linux-x86_64"]/n["linux-x86_64"];
           for (v in s) printf "%-28s %14.1f   %.2f\n", v, s[v]/n[v], (s[v]/n[v])/base }' "$results" | sort
