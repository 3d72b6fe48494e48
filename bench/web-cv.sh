#!/usr/bin/env bash
# The cross-validated estimate of a bundle on web photos (docs/training.md, recipe steps 2, 4 and 8).
# The fallback is trained on web-happy-sad, the only web photos here, so scoring a bundle on them
# flatters it. Instead: 5 folds (every 5th file of each class, sorted by name, is held out), a
# fallback trained on the other 4/5 with the shipped fallback's recipe, bundled with FACE_MODEL,
# and `evaluate` on the held-out fifth; the 5 confusion matrices (overall and per path) are summed.
#
# Usage: bench/web-cv.sh FACE_MODEL [BUNDLE_OPTIONS...]    e.g. bench/web-cv.sh models/default/model.onnx --blend-faces
#   DATASETS=../shared/datasets  CV_DIR=/tmp/moodstream-web-cv (fold models are kept there and reused when present)
#   FINE_TUNE="TRAIN_OPTIONS": each fold's face network is FACE_MODEL's run fine-tuned on the fold's training photos,
#     `train --init-from "$(dirname FACE_MODEL)" $FINE_TUNE` (recipe step 12), instead of FACE_MODEL itself
#   FALLBACK="TRAIN_OPTIONS": added to the fallback's recipe (e.g. "--channels 3"); such fold fallbacks are kept apart
#   FALLBACK_REFIT=1: each fold's fallback is then refit on its training and validation photos together,
#     `train --refit` with the same recipe (recipe step 13)
#   Build first: ./mvnw -DskipTests package. Training the 5 fallbacks takes about 5 minutes each on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
face="$(realpath "${1:?usage: bench/web-cv.sh FACE_MODEL [BUNDLE_OPTIONS...]}")"; shift
datasets="$(realpath "${DATASETS:-$root/../shared/datasets}")"
cv="${CV_DIR:-/tmp/moodstream-web-cv}"
run="$cv/runs/$(date -u +%Y%m%dT%H%M%SZ)"
ms="$root/moodstream"
mkdir -p "$run"

for k in 1 2 3 4 5; do
  fold="$cv/fold$k"
  if [ ! -d "$fold/held" ]; then
    for c in happy sad; do
      mkdir -p "$fold/train/$c" "$fold/held/$c"
      i=0
      # Sorted by name in the C locale, so the folds are the same on every machine.
      while IFS= read -r f; do
        part=train; [ $(( i % 5 + 1 )) -eq "$k" ] && part=held
        ln -s "$datasets/web-happy-sad/$c/$f" "$fold/$part/$c/$f"
        i=$(( i + 1 ))
      done < <(cd "$datasets/web-happy-sad/$c" && ls -1 | LC_ALL=C sort)
    done
  fi
  # The shipped fallback's recipe, plus FALLBACK; a refit replays the run's epochs, so it takes no stopping options.
  # shellcheck disable=SC2206 # FALLBACK is a list of options
  recipe=(--data "$fold/train" --test-data "$fold/held" --batch-size 16 ${FALLBACK:-})
  fallback="$fold/model"
  [ -n "${FALLBACK:-}" ] && fallback="$fold/model-$(printf '%s' "$FALLBACK" | sha256sum | cut -c1-12)"
  if [ ! -f "$fallback/model.onnx" ]; then
    echo "fold $k: training its fallback (log: $fallback.log)"
    "$ms" train "${recipe[@]}" --epochs 30 --patience 8 --out "$fallback" > "$fallback.log" 2>&1
  fi
  if [ -n "${FALLBACK_REFIT:-}" ]; then
    if [ ! -f "$fallback-refit/model.onnx" ]; then
      echo "fold $k: refitting its fallback (log: $fallback-refit.log)"
      "$ms" train "${recipe[@]}" --refit "$fallback" --out "$fallback-refit" > "$fallback-refit.log" 2>&1
    fi
    fallback="$fallback-refit"
  fi
  fold_face="$face"
  if [ -n "${FINE_TUNE:-}" ]; then
    # Cached per starting run and options, like the fallbacks.
    tuned="$fold/tuned-$(printf '%s %s' "$face" "$FINE_TUNE" | sha256sum | cut -c1-12)"
    if [ ! -f "$tuned/model.onnx" ]; then
      echo "fold $k: fine-tuning the face network (log: $tuned.log)"
      # shellcheck disable=SC2086 # FINE_TUNE is a list of options
      "$ms" train --data "$fold/train" --test-data "$fold/held" --out "$tuned" --init-from "$(dirname "$face")" $FINE_TUNE \
        > "$tuned.log" 2>&1
    fi
    fold_face="$tuned/model.onnx"
  fi
  "$ms" bundle --face "$fold_face" --fallback "$fallback/model.onnx" --out "$run/bundle$k" "$@" > "$run/bundle$k.txt" 2>&1
  "$ms" evaluate --model "$run/bundle$k/model.onnx" --data "$fold/held" --provider cpu --out "$run/eval$k" > "$run/eval$k.txt" 2>&1
done

# Sums the folds' confusion matrices and prints the metrics of the sum, overall and per path; writes
# the folds together as $run/evaluation.json (every photo once), for `moodstream compare` against another run.
python3 - "$run" <<'EOF'
import json, sys
run = sys.argv[1]
folds = [json.load(open(f"{run}/eval{k}/evaluation.json")) for k in range(1, 6)]
labels = folds[0]["metrics"]["labels"]
def total(get):
    sums = [[0] * len(labels) for _ in labels]
    for f in folds:
        m = get(f)
        for i, row in enumerate(m["confusion"] if m else []):
            for j, v in enumerate(row):
                sums[i][j] += v
    return sums
def line(name, c):
    n = sum(map(sum, c))
    if n == 0:
        return f"{name:<16} no images"
    recalls = [c[i][i] / sum(c[i]) if sum(c[i]) else float("nan") for i in range(len(labels))]
    per = "  ".join(f"{l} recall {r:.3f}" for l, r in zip(labels, recalls))
    return (f"{name:<16} {n:4d} images  accuracy {sum(c[i][i] for i in range(len(labels))) / n:.4f}"
            f"  balanced {sum(recalls) / len(recalls):.4f}  {per}  confusion {c}")
merged = {"metrics": {"labels": labels, "count": sum(f["metrics"]["count"] for f in folds), "confusion": total(lambda f: f["metrics"]),
                      "perClass": {l: {"support": sum(f["metrics"]["perClass"][l]["support"] for f in folds)} for l in labels}},
          "mistakes": [m for f in folds for m in f["mistakes"]]}
json.dump(merged, open(f"{run}/evaluation.json", "w"), indent=1)
print(f"5-fold cross-validation on web-happy-sad, results in {run} (all folds: {run}/evaluation.json)")
print(line("all", total(lambda f: f["metrics"])))
for path in ["face", "face+fallback", "fallback", "whole-image"]:
    if any(path in f.get("byPath", {}) for f in folds):
        print(line(path, total(lambda f: f.get("byPath", {}).get(path))))
EOF
