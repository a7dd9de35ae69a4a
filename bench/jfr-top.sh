#!/usr/bin/env bash
# Summarises a JFR recording of a run: where the CPU went (execution samples: the top frames, and
# the methods most often on the stack) and where the garbage came from (allocation samples by
# class and allocating method, weighted by bytes). Uses only the JDK's `jfr` tool and awk.
#
#   HARNESS_JAVA_OPTS='-XX:StartFlightRecording=duration=30s,filename=/tmp/run.jfr,settings=profile' \
#     ./harness run http://127.0.0.1:18480/ --closed -c 64 -d 20s
#   bench/jfr-top.sh /tmp/run.jfr [N]        # N lines per list (default 20)
#
# Samples of every thread are counted; THREAD=name-prefix keeps one thread's (e.g. a worker's).
set -euo pipefail
if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  echo "usage: bench/jfr-top.sh FILE.jfr [N]" >&2
  exit 2
fi
file=$1
top=${2:-20}
thread=${THREAD:-}

echo "== CPU: top frames (self), share of execution samples"
jfr print --events jdk.ExecutionSample --stack-depth 64 "$file" | awk -v want="$thread" '
  /^jdk.ExecutionSample/ { frame = 0; keep = 1; delete seen; next }
  /sampledThread = / { if (want != "" && index($0, "\"" want) == 0) keep = 0 }
  /line:/ && keep {
    m = $1; sub(/\(.*/, "", m)
    if (frame++ == 0) { self[m]++; total++ }
    if (!(m in seen)) { seen[m] = 1; incl[m]++ }
  }
  END {
    for (m in self) printf "SELF %6.2f%% %s\n", 100 * self[m] / total, m
    for (m in incl) printf "INCL %6.2f%% %s\n", 100 * incl[m] / total, m
    printf "TOTAL %d samples\n", total
  }' >"${TMPDIR:-/tmp}/jfr-top.$$"
grep '^SELF' "${TMPDIR:-/tmp}/jfr-top.$$" | sort -k2 -rn | head -n "$top" | cut -c6-
echo
echo "== CPU: methods on the stack (inclusive)"
grep '^INCL' "${TMPDIR:-/tmp}/jfr-top.$$" | sort -k2 -rn | head -n "$top" | cut -c6-
grep '^TOTAL' "${TMPDIR:-/tmp}/jfr-top.$$"
rm -f "${TMPDIR:-/tmp}/jfr-top.$$"

echo
echo "== Allocation: class @ allocating method, share of sampled bytes"
jfr print --events jdk.ObjectAllocationSample --stack-depth 1 "$file" | awk -v want="$thread" '
  /^jdk.ObjectAllocationSample/ { cls = ""; site = ""; keep = 1; next }
  /eventThread = / { if (want != "" && index($0, "\"" want) == 0) keep = 0 }
  /objectClass = / { cls = $3 }
  /weight = / {
    w = $3; u = $4
    if (u ~ /^kB/) w *= 1024; else if (u ~ /^MB/) w *= 1048576; else if (u ~ /^GB/) w *= 1073741824
  }
  /line:/ { site = $1; sub(/\(.*/, "", site) }
  /^}/ { if (keep && cls != "") { bytes[cls " @ " site] += w; all += w } }
  END {
    for (k in bytes) printf "%6.2f%% %s\n", 100 * bytes[k] / all, k
  }' | sort -rn | head -n "$top"
