#!/usr/bin/env bash
# WebSocket at scale: SOCKETS sockets held open at RATE messages/s (echo round trips) against the
# embedded target's /ws/echo, both on loopback, each in its own JVM.
#
#   bench/websocket.sh                      # 10,000 sockets, 1,000 msg/s, 30 s: about a minute
#
# The generator runs under GNU time (peak RSS, user+sys CPU); the target's peak RSS and CPU come
# from /proc while it runs. Each side holds SOCKETS descriptors: ulimit -n must exceed it (the
# harness checks its own budget before it starts, DescriptorBudget). Prints one Markdown row;
# with OUT=docs/performance.md it also writes the row between <!-- ws:begin --> and
# <!-- ws:end --> (appended under "## WebSocket" when absent).
#
# Sockets open at CONNECT_RATE per second during a warm-up long enough for all of them even at half
# that rate on a busy machine (2 x SOCKETS / CONNECT_RATE + 5 s), so the measured DURATION has every socket open: thousands of connects at
# once overflow the target's accept backlog, and the SYN retries (1 s, 3 s, ...) would be
# measured instead of the messages.
#
# Environment: SOCKETS (10000), RATE (1000), DURATION seconds (30), CONNECT_RATE sockets/s
# (1000; 0 opens all before time zero), PORT (18490), OUT (- prints only), HARNESS_JAVA_OPTS.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SOCKETS="${SOCKETS:-10000}"
RATE="${RATE:-1000}"
DURATION="${DURATION:-30}"
CONNECT_RATE="${CONNECT_RATE:-1000}"
PORT="${PORT:-18490}"
OUT="${OUT:--}"
WARMUP=$(( CONNECT_RATE > 0 ? 2 * SOCKETS / CONNECT_RATE + 5 : 0 ))
work="$(mktemp -d)"
trap 'kill "$target_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

need=$((SOCKETS + 200))
if [ "$(ulimit -n)" -lt "$need" ]; then
  ulimit -n "$need" 2>/dev/null || { echo "ulimit -n is $(ulimit -n); $need needed" >&2; exit 2; }
fi

"$root/harness" serve --port "$PORT" --threads 1 >"$work/serve.log" 2>&1 &
target_pid=$!
for _ in $(seq 300); do
  grep -q serving "$work/serve.log" 2>/dev/null && break
  sleep 0.2
done
if ! grep -q serving "$work/serve.log"; then
  echo "the target did not start:" >&2
  cat "$work/serve.log" >&2
  exit 1
fi
# ./harness stays the JVM's parent (it passes signals on): the target's figures are its child's, the
# JVM (setpriv and env exec it).
target_java="$(cat "/proc/$target_pid/task/$target_pid/children" 2>/dev/null || true)"
target_java="${target_java%% *}"
if [ "$(cat "/proc/$target_java/comm" 2>/dev/null)" != java ]; then
  echo "cannot find the target's JVM below the launcher (pid $target_pid)" >&2
  exit 1
fi

# The target's peak RSS and its CPU ticks, sampled every 0.5 s while the run lasts.
(
  peak=0
  while kill -0 "$target_java" 2>/dev/null; do
    rss=$(awk '/VmHWM/ {print $2}' "/proc/$target_java/status" 2>/dev/null || echo 0)
    [ "${rss:-0}" -gt "$peak" ] && peak=$rss
    echo "$peak $(awk '{print $14 + $15}' "/proc/$target_java/stat" 2>/dev/null)" >"$work/target.stat"
    sleep 0.5
  done
) &
sampler=$!
ticks0=$(awk '{print $14 + $15}' "/proc/$target_java/stat")

/usr/bin/time -f "%M %U %S %e" -o "$work/time.txt" \
  "$root/harness" run "ws://127.0.0.1:$PORT/ws/echo" -c "$SOCKETS" -R "$RATE" -d "${DURATION}s" \
  --connect-rate "$CONNECT_RATE" --warmup "${WARMUP}s" --timeout 10s --json "$work/result.json" >"$work/run.txt" 2>&1 || true
sleep 1
kill "$sampler" 2>/dev/null || true
read -r t_peak t_ticks <"$work/target.stat"
hz=$(getconf CLK_TCK)
cp "$work/run.txt" "${TMPDIR:-/tmp}/harness-ws-bench.txt"
# GNU time says "Command exited with non-zero status N" first when the run failed or was invalid.
read -r g_rss g_user g_sys g_wall < <(tail -1 "$work/time.txt")
python3 - "$work/result.json" "$g_rss" "$g_user" "$g_sys" "$g_wall" "$t_peak" \
  "$(( t_ticks - ticks0 ))" "$hz" "$SOCKETS" "$RATE" "$DURATION" >"$work/row.md" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
g_rss, g_user, g_sys, g_wall = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
t_rss, t_ticks, hz = int(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8])
sockets, rate, duration = sys.argv[9], sys.argv[10], sys.argv[11]
w = r["websocket"]
lat = r["latency"]["response"]
open_min = min(w["openPerSecond"][-int(duration):] or [0])
print("| %s | %s/s | %ss | %s | %.1f/s | %s | %s | %.2f ms | %.2f ms | %d MiB | %.1f s (%.0f%% of a core) | %d MiB | %.1f s | %s |" % (
    sockets, rate, duration, open_min, r["achievedRate"],
    r["errors"], w["closedByServer"], lat["p50"], lat["p99"], g_rss // 1024, g_user + g_sys,
    100 * (g_user + g_sys) / g_wall, t_rss // 1024, t_ticks / hz, r["verdict"]))
PY
header="| sockets | rate | duration | open (min/s) | replies | errors | closed | p50 | p99 | generator peak RSS | generator CPU | target peak RSS | target CPU | verdict |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
echo "$header"
cat "$work/row.md"
grep -E "verdict|sockets  " "$work/run.txt" >&2 || cat "$work/run.txt" >&2
if [ "$OUT" != "-" ]; then
  block="<!-- ws:begin -->
$header
$(cat "$work/row.md")
<!-- ws:end -->"
  if grep -q "<!-- ws:begin -->" "$OUT"; then
    python3 - "$OUT" "$block" <<'PY'
import re, sys
p, block = sys.argv[1], sys.argv[2]
s = open(p).read()
s = re.sub(r"<!-- ws:begin -->.*?<!-- ws:end -->", lambda m: block, s, flags=re.S)
open(p, "w").write(s)
PY
  else
    printf '\n## WebSocket\n\n%s\n' "$block" >>"$OUT"
  fi
fi
