#!/usr/bin/env python3
"""Aggregate jdk.ExecutionSample of threads matching a prefix: top self frames and top frames inclusive."""
import json, subprocess, sys, collections
jfr, thread_prefix = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 25
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", jfr],
                     capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]
self_c, incl = collections.Counter(), collections.Counter()
total = 0
for e in events:
    t = e["values"].get("sampledThread") or {}
    name = t.get("javaName") or t.get("osName") or ""
    if not name.startswith(thread_prefix):
        continue
    frames = (e["values"].get("stackTrace") or {}).get("frames") or []
    if not frames:
        continue
    total += 1
    def fname(f):
        m = f["method"]; return m["type"]["name"].split(".")[-1] + "." + m["name"]
    self_c[fname(frames[0])] += 1
    seen = set()
    for f in frames:
        k = fname(f)
        if k not in seen:
            seen.add(k); incl[k] += 1
print(f"samples on threads '{thread_prefix}*': {total}")
print("top self frames:")
for k, v in self_c.most_common(n):
    print(f"  {100*v/total:5.1f}%  {k}")
print("top inclusive frames:")
for k, v in incl.most_common(n + 15):
    print(f"  {100*v/total:5.1f}%  {k}")
