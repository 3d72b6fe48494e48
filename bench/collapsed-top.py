#!/usr/bin/env python3
"""Where CPU samples go in async-profiler's collapsed stacks (`file=X.collapsed,collapsed`).

Usage: bench/collapsed-top.py STACKS [--only FRAME] [--top N] [--group NAME=REGEX ...]
  --only FRAME   keep stacks with a frame containing FRAME (e.g. InProcessBench for (a),
                 StreamThread.run for the stream threads)
  --group        share of the kept samples whose stack matches REGEX, first match wins, in order given
  Prints the groups, then the top self frames and the top frames anywhere in the stack.
"""
import argparse, collections, re

ap = argparse.ArgumentParser()
ap.add_argument("stacks")
ap.add_argument("--only", default=None)
ap.add_argument("--top", type=int, default=20)
ap.add_argument("--group", action="append", default=[])
args = ap.parse_args()
groups = [(g.split("=", 1)[0], re.compile(g.split("=", 1)[1])) for g in args.group]
total, selfc, anyc, groupc = 0, collections.Counter(), collections.Counter(), collections.Counter()
for line in open(args.stacks):
    stack, _, count = line.rstrip("\n").rpartition(" ")
    if not count.isdigit():
        continue
    n = int(count)
    if args.only and args.only not in stack:
        continue
    total += n
    frames = stack.split(";")
    selfc[frames[-1]] += n
    for f in set(frames):
        anyc[f] += n
    for name, rx in groups:
        if rx.search(stack):
            groupc[name] += n
            break
    else:
        if groups:
            groupc["(other)"] += n
print(f"{total} samples" + (f" in stacks with {args.only}" if args.only else ""))
for name, c in sorted(groupc.items(), key=lambda kv: -kv[1]):
    print(f"  {100 * c / total:5.1f}%  {name}")
print("\nself:")
for f, c in selfc.most_common(args.top):
    print(f"  {100 * c / total:5.1f}%  {f}")
print("\nanywhere in the stack:")
for f, c in anyc.most_common(args.top):
    print(f"  {100 * c / total:5.1f}%  {f}")
