#!/usr/bin/env python3
"""Top frames of a JFR recording's CPU samples, per thread group: where (a) and (b) spend their time.

Usage: bench/jfr-top.py RECORDING.jfr [--threads REGEX] [--top N] [--depth D]
  Reads `jfr print --json --events jdk.ExecutionSample` (the JDK's own tool); prints, for the
  threads whose name matches REGEX, the share of samples per top frame (self time) and per
  frame anywhere in the stack up to D frames deep (total time). JDK 17's jfr has no hot-methods
  view, hence this script.
"""
import argparse, collections, json, re, subprocess, sys

ap = argparse.ArgumentParser()
ap.add_argument("recording")
ap.add_argument("--threads", default=".*")
ap.add_argument("--top", type=int, default=25)
ap.add_argument("--depth", type=int, default=64)
args = ap.parse_args()
out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", args.recording],
                     check=True, capture_output=True, text=True).stdout
events = json.loads(out)["recording"]["events"]
pattern = re.compile(args.threads)
self_count, total_count, threads = collections.Counter(), collections.Counter(), collections.Counter()
n = 0
for e in events:
    thread = (e["values"].get("sampledThread") or {}).get("javaName") or "?"
    if not pattern.search(thread):
        continue
    frames = (e["values"].get("stackTrace") or {}).get("frames") or []
    if not frames:
        continue
    n += 1
    threads[re.sub(r"\d+", "N", thread)] += 1
    name = lambda f: f["method"]["type"]["name"] + "." + f["method"]["name"]
    self_count[name(frames[0])] += 1
    for f in {name(f) for f in frames[: args.depth]}:
        total_count[f] += 1
print(f"{n} samples in threads matching {args.threads!r}")
for t, c in threads.most_common(8):
    print(f"  {100 * c / n:5.1f}%  thread {t}")
print("\nself (top frame):")
for f, c in self_count.most_common(args.top):
    print(f"  {100 * c / n:5.1f}%  {f}")
print("\ntotal (anywhere in the stack):")
for f, c in total_count.most_common(args.top):
    print(f"  {100 * c / n:5.1f}%  {f}")
