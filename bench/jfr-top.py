#!/usr/bin/env python3
"""Aggregate jdk.ExecutionSample of threads matching a prefix: top self frames and top frames inclusive.

With --alloc, jdk.ObjectAllocationSample instead, each sample counted by its weight (bytes):
usage: jfr-top.py FILE THREAD_PREFIX [N] [--alloc]"""
import json, subprocess, sys, collections
args = [a for a in sys.argv[1:] if a != "--alloc"]
alloc = "--alloc" in sys.argv
jfr, thread_prefix = args[0], args[1]
n = int(args[2]) if len(args) > 2 else 25
event_type = "jdk.ObjectAllocationSample" if alloc else "jdk.ExecutionSample"
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", event_type, jfr],
                     capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]
self_c, incl = collections.Counter(), collections.Counter()
total = 0
for e in events:
    t = e["values"].get("eventThread" if alloc else "sampledThread") or {}
    name = t.get("javaName") or t.get("osName") or ""
    if not name.startswith(thread_prefix):
        continue
    frames = (e["values"].get("stackTrace") or {}).get("frames") or []
    if not frames:
        continue
    weight = int(e["values"].get("weight") or 0) if alloc else 1
    total += weight
    def fname(f):
        m = f["method"]; return m["type"]["name"].split(".")[-1] + "." + m["name"]
    self_c[fname(frames[0])] += weight
    seen = set()
    for f in frames:
        k = fname(f)
        if k not in seen:
            seen.add(k); incl[k] += weight
if total == 0:
    sys.exit(f"no {event_type} on threads '{thread_prefix}*'")
print(f"{'bytes sampled' if alloc else 'samples'} on threads '{thread_prefix}*': {total}")
print("top self frames:")
for k, v in self_c.most_common(n):
    print(f"  {100*v/total:5.1f}%  {k}")
print("top inclusive frames:")
for k, v in incl.most_common(n + 15):
    print(f"  {100*v/total:5.1f}%  {k}")
