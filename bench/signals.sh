#!/usr/bin/env bash
# Signals at any moment (issue 20's "Done when"): SIGTERM at random moments 0-3 s after
# `./harness run --out` is launched, alone (SINGLE trials, default 20) and followed by a second
# SIGTERM 50 ms later (DOUBLE trials, default 10); then a run a script started in the background,
# stopped with SIGINT. Every trial must exit 130 and leave either the whole set, parsable and
# marked interrupted, or (when nothing was sent yet) an empty folder and one line on stderr.
#
#   bench/signals.sh            # SINGLE=20 DOUBLE=10 PORT=18593 RATE=200 SEED=$RANDOM WINDOW=3000
#   FROM=zero bench/signals.sh  # moments counted from the run's time zero (latency.hlog appears)
#                               # instead of the launch: on a slow machine most launch-relative
#                               # signals come before time zero, so this tries the writing paths
#
# Prints one line per trial and a summary; exits 1 when a trial failed.
{ # one block, read whole before it runs: editing the script meanwhile cannot change it
  set -euo pipefail
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  harness="$here/harness"
  py=/usr/bin/python3
  single=${SINGLE:-20}
  double=${DOUBLE:-10}
  port=${PORT:-18593}
  rate=${RATE:-200}
  seed=${SEED:-$RANDOM}
  window=${WINDOW:-3000}
  from=${FROM:-launch}
  RANDOM=$seed
  work="$(mktemp -d "${TMPDIR:-/tmp}/bench-signals.XXXXXX")"
  failed=0

  "$harness" --version >/dev/null # builds the jar once, before anything is timed
  "$harness" serve --port "$port" >"$work/serve.log" 2>&1 &
  serve=$!
  trap 'kill "$serve" 2>/dev/null; wait "$serve" 2>/dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 100); do
    grep -q "^serving" "$work/serve.log" && break
    sleep 0.1
  done

  # check DIR ERRFILE: "whole" or "nothing" when the folder is as it should be, else why not.
  check() {
    "$py" - "$1" "$2" <<'EOF'
import json, os, sys, xml.dom.minidom
out, err = sys.argv[1], open(sys.argv[2]).read()
if "no result written" in err:
    lines = err.strip().splitlines()
    left = os.listdir(out) if os.path.isdir(out) else []
    print("nothing" if len(lines) == 1 and not left else "BAD nothing-sent: %r %r" % (lines, left))
    sys.exit()
try:
    j = json.load(open(os.path.join(out, "result.json")))
    rid = j["run"]["id"]
    log = open(os.path.join(out, "latency.hlog")).read()
    xml.dom.minidom.parse(os.path.join(out, "junit.xml"))
    md = open(os.path.join(out, "summary.md")).read()
    html = open(os.path.join(out, "report.html")).read().strip()
    problems = []
    if j["verdict"] != "interrupted": problems.append("verdict " + j["verdict"])
    if ("#harness run id " + rid) not in log: problems.append("hlog of another run")
    if "Tag=measured." not in log: problems.append("hlog not finished")
    if rid not in md: problems.append("summary.md of another run")
    if not html.endswith("</html>"): problems.append("report.html cut short")
    print("whole" if not problems else "BAD " + ", ".join(problems))
except Exception as e:
    print("BAD " + type(e).__name__ + ": " + str(e)[:120])
EOF
  }

  # await FILE PID: until FILE exists (the run's time zero for latency.hlog) or PID ended.
  await() {
    while [ ! -e "$1" ] && kill -0 "$2" 2>/dev/null; do
      sleep 0.01
    done
  }

  # trial N DELAY_MS SECOND: one launch, signalled DELAY_MS after it, twice when SECOND is 1.
  declare -a took
  trial() {
    local n=$1 delay=$2 second=$3 out="$work/out$1" err="$work/err$1" pid rc verdict t0 t1
    "$harness" run "http://127.0.0.1:$port/" -R "$rate" -d 30s -q --out "$out" \
      >/dev/null 2>"$err" &
    pid=$!
    if [ "$from" = zero ]; then
      await "$out/latency.hlog" "$pid"
    fi
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -TERM "$pid" 2>/dev/null || true # a run that already ended fails the trial below
    t0=$(date +%s%N)
    if [ "$second" = 1 ]; then
      sleep 0.05
      kill -TERM "$pid" 2>/dev/null || true
    fi
    rc=0
    wait "$pid" || rc=$?
    t1=$(date +%s%N)
    verdict=$(check "$out" "$err")
    if [ "$verdict" = whole ] && ! "$harness" report "$out" >/dev/null 2>&1; then
      verdict="BAD: harness report failed"
    fi
    if [ "$rc" != 130 ] || [[ "$verdict" == BAD* ]]; then
      failed=$((failed + 1))
      sed 's/^/    stderr: /' "$err"
    fi
    if [ "$second" = 1 ] && grep -q "SIGTERM noted" "$err"; then
      verdict="$verdict+noted" # the second signal came while stopping or writing
    fi
    took+=($(((t1 - t0) / 1000000)))
    printf '%-6s %2d  signal at %4d ms%s  exit %3d  %-12s  exited %5d ms after\n' \
      "$([ "$second" = 1 ] && echo double || echo single)" "$n" "$delay" \
      "$([ "$second" = 1 ] && echo ' +50ms' || echo '      ')" "$rc" "$verdict" \
      "$(((t1 - t0) / 1000000))"
    echo "$rc $verdict" >>"$work/results"
  }

  echo "seed $seed, signals 0-$window ms after the $from, target 127.0.0.1:$port, $rate/s;" \
    "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  for i in $(seq 1 "$single"); do trial "$i" $(((RANDOM * 32768 + RANDOM) % (window + 1))) 0; done
  for i in $(seq 1 "$double"); do trial $((single + i)) $(((RANDOM * 32768 + RANDOM) % (window + 1))) 1; done

  # A script's `cmd &` gives the child SIGINT ignored; the launcher undoes that.
  bg="$work/bg"
  sh -c '"$0" run "$1" -R "$2" -d 30s -q --out "$3" >/dev/null 2>"$3.err" & echo $! >"$3.pid"; wait $!; echo $? >"$3.rc"' \
    "$harness" "http://127.0.0.1:$port/" "$rate" "$bg" &
  script=$!
  while [ ! -s "$bg.pid" ]; do sleep 0.01; done
  await "$bg/latency.hlog" "$(cat "$bg.pid")"
  sleep 1
  kill -INT "$(cat "$bg.pid")"
  wait "$script"
  bgrc=$(cat "$bg.rc")
  bgverdict=$(check "$bg" "$bg.err")
  if [ "$bgrc" != 130 ] || [[ "$bgverdict" == BAD* ]]; then failed=$((failed + 1)); fi
  printf 'background run started by sh, SIGINT 1 s after its time zero: exit %s  %s\n' "$bgrc" "$bgverdict"

  echo
  sorted=$(printf '%s\n' "${took[@]}" | sort -n)
  count=$(printf '%s\n' "${took[@]}" | wc -l)
  echo "trials: $((single + double)) (+1 background), exit 130: $(grep -c '^130 ' "$work/results") of $((single + double))," \
    "whole set: $(grep -c ' whole' "$work/results") ($(grep -c 'noted' "$work/results") with the second signal noted), nothing sent (one line, empty folder): $(grep -c ' nothing$' "$work/results")," \
    "failed: $failed"
  echo "exit after the first signal: p50 $(echo "$sorted" | sed -n "$(((count + 1) / 2))p") ms, max $(echo "$sorted" | tail -1) ms"
  [ "$failed" = 0 ]
}
