#!/usr/bin/env bash
# Soak benchmark: is the harness's memory independent of run length, and how large do its files
# grow in a day? A 30-minute run at 10,000/s against `harness serve` on loopback, with --out, a
# health probe and a windowed SLO, as a soak runs:
#
#   bench/soak.sh                       # 30 minutes, about 31 with start-up
#   DURATION=300 bench/soak.sh          # a 5-minute smoke of the script itself
#
# Every minute (from the run's start) it forces a full GC in the run's JVM (`jcmd PID GC.run`),
# reads the live heap after it (`jcmd PID GC.heap_info`, "used"; twice, 3 s apart, the smaller
# kept, so a checkpoint in flight during one GC is not read as growth), the process's RSS (VmRSS of
# /proc/PID/status) and the size of each file in the --out folder. At the end it prints the table,
# the growth per 10 minutes after the first minute (least-squares slope over the samples, so one
# noisy sample does not decide it) and the files extrapolated to 24 h:
#   - latency.hlog grows with the run: its growth rate times 24 h;
#   - result.json of a run over an hour has one series entry a minute (docs/result-format.md):
#     its fixed part plus the measured bytes of one series entry (interval + generator second)
#     times 1,440, plus the probe timeline's bytes per poll times the polls a day keeps (one a
#     minute, and each failed poll with the one after it);
#   - report.html, junit.xml, summary.md are rendered from result.json: measured as they are.
# Bars (issue 20): live heap growth < 1 MB and RSS growth < 5 MB per 10 minutes after the first
# minute; files < 100 MB per 24 h. The script says PASS or MISS for each and exits 0 either way
# (1 when the run itself could not be measured).
#
# Environment: DURATION seconds (1800), RATE (10000), PORT (18680), WORK (a new temp folder: the
# jar copy, the --out folder, logs), HARNESS_JAR (default the build's harness-cli/target/harness.jar,
# copied first so a rebuild during the run changes nothing), HARNESS_JAVA_OPTS (options of the
# run's JVM; default "-Xms256m -Xmx256m -XX:+AlwaysPreTouch": a heap of fixed size, touched at
# start, so RSS growth is what grows outside the heap (direct buffers, metaspace, code cache,
# threads) and not G1 sizing its heap to the allocation rate; HARNESS_JAVA_OPTS= runs with the
# JVM's defaults, where RSS also follows the heap's size), SERVE_JAVA_OPTS (-Xmx256m).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${DURATION:-1800}"
RATE="${RATE:-10000}"
PORT="${PORT:-18680}"
WORK="${WORK:-$(mktemp -d /tmp/harness-soak.XXXXXX)}"
HARNESS_JAR="${HARNESS_JAR:-$root/harness-cli/target/harness.jar}"
SERVE_JAVA_OPTS="${SERVE_JAVA_OPTS:--Xmx256m}"
HARNESS_JAVA_OPTS="${HARNESS_JAVA_OPTS--Xms256m -Xmx256m -XX:+AlwaysPreTouch}"
PY=/usr/bin/python3

for tool in java jcmd "$PY"; do
  command -v "$tool" >/dev/null || { echo "soak: needs $tool" >&2; exit 1; }
done
[ -f "$HARNESS_JAR" ] || { echo "soak: no jar at $HARNESS_JAR (mvn -B -DskipTests package)" >&2; exit 1; }
mkdir -p "$WORK"
cp "$HARNESS_JAR" "$WORK/harness.jar"
out="$WORK/out"
samples="$WORK/samples.tsv"

serve_pid=""
run_pid=""
cleanup() {
  # Only what this script started, by PID.
  [ -n "$run_pid" ] && kill "$run_pid" 2>/dev/null || true
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
}
trap cleanup EXIT

# shellcheck disable=SC2086  # option lists
java $SERVE_JAVA_OPTS -jar "$WORK/harness.jar" serve --host 127.0.0.1 -p "$PORT" \
  >"$WORK/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
  sleep 0.1
done

start=$(date +%s)
# shellcheck disable=SC2086
java $HARNESS_JAVA_OPTS -jar "$WORK/harness.jar" run "http://127.0.0.1:$PORT/" \
  -R "$RATE" -d "${DURATION}s" --out "$out" \
  --probe "http://127.0.0.1:$PORT/health" --slo 'p99 < 50ms over 30s' --slo 'errors < 1%' \
  >"$WORK/run.out" 2>"$WORK/run.err" &
run_pid=$!
echo "soak: ${DURATION}s at ${RATE}/s, run pid $run_pid (JVM: ${HARNESS_JAVA_OPTS:-defaults}), work folder $WORK" >&2

printf 'minute\theap_live_bytes\trss_bytes\thlog_bytes\tresult_bytes\n' >"$samples"
minute=1
while kill -0 "$run_pid" 2>/dev/null; do
  next=$((start + minute * 60))
  while [ "$(date +%s)" -lt "$next" ] && kill -0 "$run_pid" 2>/dev/null; do sleep 1; done
  kill -0 "$run_pid" 2>/dev/null || break
  [ $((minute * 60)) -le "$DURATION" ] || break
  # Two forced GCs 3 s apart, the smaller live heap kept: a checkpoint being built when a GC runs
  # holds a transient copy of the result (about 18 MB at 30 minutes), which is not growth; a leak
  # is in both samples.
  heap=""
  for attempt in 1 2; do
    [ "$attempt" = 1 ] || sleep 3
    jcmd "$run_pid" GC.run >/dev/null 2>&1 || break
    h=$(jcmd "$run_pid" GC.heap_info 2>/dev/null |
      sed -n 's/.*total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1)
    [ -n "$h" ] || break
    if [ -z "$heap" ] || [ "$h" -lt "$heap" ]; then heap=$h; fi
  done
  rss=$(sed -n 's/^VmRSS:[^0-9]*\([0-9]*\) kB/\1/p' "/proc/$run_pid/status" 2>/dev/null || true)
  hlog=$(stat -c %s "$out/latency.hlog" 2>/dev/null || echo 0)
  result=$(stat -c %s "$out/result.json" 2>/dev/null || echo 0)
  [ -n "$heap" ] && [ -n "$rss" ] || break
  printf '%s\t%s\t%s\t%s\t%s\n' "$minute" $((heap * 1024)) $((rss * 1024)) "$hlog" "$result" \
    >>"$samples"
  echo "soak: minute $minute: live heap $((heap / 1024)) MB, RSS $((rss / 1024)) MB, hlog $((hlog / 1024)) KB" >&2
  minute=$((minute + 1))
done
status=0
wait "$run_pid" || status=$?
run_pid=""
kill "$serve_pid" 2>/dev/null || true
wait "$serve_pid" 2>/dev/null || true
serve_pid=""
echo "soak: run exited $status ($(grep -m1 '^verdict' "$WORK/run.out" || echo 'no verdict'))" >&2

"$PY" - "$samples" "$out" "$DURATION" "$RATE" <<'EOF'
import json, os, sys

samples, out, duration, rate = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rows = [l.rstrip("\n").split("\t") for l in open(samples)][1:]
rows = [[int(x) for x in r] for r in rows]
if len(rows) < 3 or not os.path.exists(os.path.join(out, "result.json")):
    print("soak: too few samples or no result.json; see the work folder")
    sys.exit(1)

MB = 1024 * 1024
print("minute  live heap MB  RSS MB  latency.hlog MB")
for m, heap, rss, hlog, _ in rows:
    print(f"{m:6d}  {heap / MB:12.2f}  {rss / MB:6.1f}  {hlog / MB:15.2f}")

def slope(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0

# After the first minute: the first sample (minute 1) is the baseline, fits use minutes 1..end.
xs = [r[0] for r in rows]
heap10 = slope(xs, [r[1] for r in rows]) * 10
rss10 = slope(xs, [r[2] for r in rows]) * 10
first, last = rows[0], rows[-1]
span = (last[0] - first[0]) / 10
print()
print(f"live heap growth per 10 min: {heap10 / MB:+.3f} MB (fit), "
      f"{(last[1] - first[1]) / MB / span:+.3f} MB (last - first)")
print(f"RSS growth per 10 min:       {rss10 / MB:+.3f} MB (fit), "
      f"{(last[2] - first[2]) / MB / span:+.3f} MB (last - first)")
late = [r for r in rows if r[0] > rows[-1][0] - 20]
if len(late) >= 10 and len(late) < len(rows):
    lx = [r[0] for r in late]
    print(f"over the last {len(late)} minutes: live heap "
          f"{slope(lx, [r[1] for r in late]) * 10 / MB:+.3f} MB, RSS "
          f"{slope(lx, [r[2] for r in late]) * 10 / MB:+.3f} MB per 10 min (fit)")

sizes = {f: os.path.getsize(os.path.join(out, f)) for f in sorted(os.listdir(out))}
r = json.load(open(os.path.join(out, "result.json")))
day = 86400.0
hlog_rate = (sizes.get("latency.hlog", 0) - 0) / duration
hlog_day = hlog_rate * day

def size(node):
    return len(json.dumps(node, separators=(",", ":")))

raw = len(open(os.path.join(out, "result.json"), "rb").read())
compact_total = size(r)
ratio = raw / compact_total  # the file is pretty-printed: scale compact sizes by it
intervals = r.get("intervals") or []
gen = (r.get("generator") or {}).get("seconds") or []
probe = r.get("probe") or {}
timeline = probe.get("timeline") or []
series = size(intervals) + size(gen) + size(timeline)
fixed = (compact_total - series) * ratio
per_interval = size(intervals) / max(1, len(intervals)) * ratio
per_gen = size(gen) / max(1, len(gen)) * ratio
per_poll = size(timeline) / max(1, len(timeline)) * ratio
# A run over an hour keeps its failed polls, the poll after each and one poll a minute.
failed = sum(1 for p in timeline if not p.get("ok"))
polls_day = 1440 + 2 * failed * day / duration
result_day = fixed + 1440 * (per_interval + per_gen) + polls_day * per_poll
others = sum(v for k, v in sizes.items() if k not in ("latency.hlog", "result.json"))
total_day = hlog_day + result_day + others
print()
print(f"files after {duration} s: " + ", ".join(f"{k} {v / 1024:.0f} KB" for k, v in sizes.items()))
print(f"latency.hlog: {hlog_rate:.0f} bytes/s -> {hlog_day / MB:.1f} MB per 24 h")
print(f"result.json at 24 h (one entry a minute; probe timeline {per_poll:.0f} bytes a poll, "
      f"{polls_day:.0f} polls kept): "
      f"{result_day / MB:.1f} MB")
print(f"report.html, junit.xml, summary.md: {others / MB:.2f} MB (from the per-minute series at 24 h)")
print(f"all files per 24 h: {total_day / MB:.1f} MB")
print()
bars = [
    ("live heap growth < 1 MB / 10 min", heap10 < MB),
    ("RSS growth < 5 MB / 10 min", rss10 < 5 * MB),
    ("files < 100 MB / 24 h", total_day < 100 * MB),
]
for name, ok in bars:
    print(f"{'PASS' if ok else 'MISS'}  {name}")
EOF
