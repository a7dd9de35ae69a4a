#!/usr/bin/env bash
# Side-by-side comparison of the harness with wrk and h2load against one nginx on loopback.
#
#   apt-get install -y nginx wrk nghttp2-client     # once
#   bench/peers.sh                                  # about 9 minutes with the defaults
#
# nginx (config: bench/nginx.conf, `return 200`, one worker) runs as a child of this script on
# 127.0.0.1:18480, pinned to core TARGET_CPU; every generator is pinned to core GEN_CPU. Each
# repetition runs every tool on every scenario, in an order that rotates between repetitions, so
# a noisy moment does not always hit the same tool:
#   closed  64 connections, each sends its next request when the answer arrives (max throughput)
#   open N  arrivals at N req/s on 64 connections (harness -R N; h2load --rps N/64 per client)
# Per run: achieved rate, p50/p99, generator CPU (user+sys of the whole process, from GNU time
# or bash's time) per completed request, peak RSS; for the harness also the time from launching it
# to its first request (its time zero, from result.json's startedAt). The harness runs through the
# ./harness launcher, with the launcher's JVM options and class data sharing, as users run it. Medians over the repetitions go into a Markdown
# table, with ratios to each peer, printed and written into docs/performance.md between the
# markers <!-- peers:begin --> and <!-- peers:end --> (appended under "## Peer comparison" when
# absent). Nothing is subtracted from the harness: JVM start-up and JIT are in its CPU; a second,
# labelled figure gives its CPU per request over the steady part of the run.
#
# Environment: REPS (3), DURATION seconds per closed-model run (10), OPEN_DURATION seconds per
# open-model run (30), RATES ("10000 20000"), GEN_CPU (0), TARGET_CPU (1), OUT
# (docs/performance.md; OUT=- prints only), HARNESS_JAVA_OPTS (appended to the launcher's JVM options),
# HARNESS_JAVA_DEFAULTS and HARNESS_CDS (the launcher's: HARNESS_JAVA_DEFAULTS= HARNESS_CDS=0 runs the
# JVM with its own defaults, as `java -jar` does).
# For before/after figures of one change: HARNESS_JAR (the shaded jar to run; default the build's),
# HARNESS_ARGS (more `harness run` flags, e.g. "--tick 0s"), CLOSED=0 (skip the closed model),
# TOOLS ("harness wrk h2load"; e.g. TOOLS=harness with OUT=- for the harness alone); TIMER=bash
# measures with bash's time even where GNU time is installed.
# HTTP/2: PROTO=h2c serves h2c (prior knowledge, `listen ... http2` without ssl) and compares the
# harness (--h2c --max-streams STREAMS) with h2load (-m STREAMS) only, wrk being HTTP/1.1; STREAMS
# (10) requests in flight per connection, as `h2load -c 64 -m 10`. Its table goes between the
# markers <!-- peers-h2c:begin --> and <!-- peers-h2c:end -->, with the bars of issue 14.
# PROTO=h2 does the same over TLS: nginx listens with `ssl http2` on a self-signed certificate for
# localhost (made with openssl for the run), the harness runs https://localhost:PORT/ with --http2
# --ca CERT and h2load negotiates h2 by ALPN; markers <!-- peers-h2:begin --> / <!-- peers-h2:end -->.
# CEILING=1: instead of the tables, the one-core ceiling (issue 15): see "the one-core ceiling" below;
# about 2 minutes (CEILING_START, CEILING_MAX, CEILING_PRECISION, CEILING_STEP, CEILING_LAG_MS).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPS="${REPS:-3}"
DURATION="${DURATION:-10}"
OPEN_DURATION="${OPEN_DURATION:-30}"
RATES="${RATES:-10000 20000}"
GEN_CPU="${GEN_CPU:-0}"
TARGET_CPU="${TARGET_CPU:-1}"
OUT="${OUT:-$root/docs/performance.md}"
CONNS=64
PORT=18480 # as in bench/nginx.conf
URL="http://127.0.0.1:$PORT/"
jar="${HARNESS_JAR:-$root/harness-cli/target/harness.jar}"
TOOLS="${TOOLS:-harness wrk h2load}"
CLOSED="${CLOSED:-1}"
PROTO="${PROTO:-http1}"
STREAMS="${STREAMS:-10}"

die() {
  echo "peers.sh: $*" >&2
  exit 2
}

# ---- preconditions ------------------------------------------------------------------------------

missing=()
for c in nginx wrk h2load taskset java awk; do
  command -v "$c" >/dev/null 2>&1 || missing+=("$c")
done
if [ "${#missing[@]}" -gt 0 ]; then
  die "missing: ${missing[*]}. Install with: apt-get install -y nginx wrk nghttp2-client" \
    "(and a JDK 17+ for the harness)"
fi
# CPU and peak RSS of each run: GNU time when it is there (Debian's package "time"), else bash's
# own `time` (user and system CPU of the child, from the kernel's rusage, as GNU time reads it)
# and the peak RSS from the process's VmHWM, read twice a second while it runs.
if [ -x /usr/bin/time ] && [ "${TIMER:-}" != bash ]; then
  timer=(/usr/bin/time -f '%e %U %S %M' -o)
else
  # shellcheck disable=SC2016 # expanded by the inner bash
  timer=(bash -c 'exec 3>&2; TIMEFORMAT="%R %U %S 0"; { time "${@:2}" 2>&3; } 2>"$1"' timed)
fi
[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer: $REPS"
[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "DURATION must be whole seconds: $DURATION"
[[ "$OPEN_DURATION" =~ ^[1-9][0-9]*$ ]] || die "OPEN_DURATION must be whole seconds: $OPEN_DURATION"
[ "$PROTO" = http1 ] || [ "$PROTO" = h2c ] || [ "$PROTO" = h2 ] ||
  die "PROTO must be http1, h2c or h2: $PROTO"
[[ "$STREAMS" =~ ^[1-9][0-9]*$ ]] || die "STREAMS must be a positive integer: $STREAMS"
if [ "$PROTO" = h2c ]; then
  TOOLS="${TOOLS//wrk/}" # wrk speaks HTTP/1.1 only
  h2_flags=(-m "$STREAMS") harness_proto=(--h2c --max-streams "$STREAMS")
elif [ "$PROTO" = h2 ]; then
  command -v openssl >/dev/null 2>&1 || die "missing: openssl (apt-get install -y openssl)"
  TOOLS="${TOOLS//wrk/}"
  # The certificate is made in $tmp below; --ca names it there.
  URL="https://localhost:$PORT/"
  h2_flags=(-m "$STREAMS") harness_proto=(--http2 --max-streams "$STREAMS")
else
  h2_flags=(--h1) harness_proto=()
fi
cores="$(nproc)"
[ "$cores" -ge 2 ] || die "needs 2 cores (target and generator each on its own), found $cores"
[ "$GEN_CPU" != "$TARGET_CPU" ] || die "GEN_CPU and TARGET_CPU must differ"
n_rates=$(wc -w <<<"$RATES")
has() { [[ " $TOOLS " == *" $1 "* ]]; }
closed_tools=() open_tools=()
for t in harness wrk h2load; do
  has "$t" && closed_tools+=("$t")
  [ "$t" != wrk ] && has "$t" && open_tools+=("$t") # Debian's wrk 4 has no fixed rate
done
[ "$CLOSED" = 1 ] || closed_tools=()
[ "${#closed_tools[@]}" -gt 0 ] || [ "${#open_tools[@]}" -gt 0 ] || die "TOOLS names no tool: $TOOLS"
runs=$((REPS * (${#closed_tools[@]} + ${#open_tools[@]} * n_rates)))
estimate=$((REPS * (${#closed_tools[@]} * (DURATION + 4) + ${#open_tools[@]} * n_rates * \
  (OPEN_DURATION + 4)) + 30))
[ "$estimate" -le 590 ] || [ "${CEILING:-0}" = 1 ] ||
  die "REPS=$REPS DURATION=$DURATION OPEN_DURATION=$OPEN_DURATION would take about ${estimate}s;" \
    "keep it under 10 minutes"
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "127.0.0.1:$PORT is in use; stop what listens there (the port is set in bench/nginx.conf)"
fi
if [ ! -f "$jar" ]; then
  echo "peers.sh: building the harness jar..." >&2
  "$root/harness" --version >/dev/null
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/peers.XXXXXX")"
nginx_pid=""
gen_pid=""
cleanup() {
  if [ -n "$gen_pid" ] && kill -0 "$gen_pid" 2>/dev/null; then
    kill "$gen_pid" 2>/dev/null || true
  fi
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill -QUIT "$nginx_pid" 2>/dev/null || true # graceful: the master stops its worker
    for _ in $(seq 50); do
      kill -0 "$nginx_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$nginx_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the target ---------------------------------------------------------------------------------

conf="$root/bench/nginx.conf"
if [ "$PROTO" = h2c ]; then # the same server, speaking h2c with prior knowledge
  sed 's/^\( *listen 127.0.0.1:[0-9]*\) /\1 http2 /' "$conf" >"$tmp/nginx.conf"
  grep -q 'listen 127.0.0.1:[0-9]* http2 ' "$tmp/nginx.conf" || die "no listen line in $conf"
  conf="$tmp/nginx.conf"
elif [ "$PROTO" = h2 ]; then # the same server over TLS, h2 or HTTP/1.1 by ALPN
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj /CN=localhost -addext subjectAltName=DNS:localhost \
    -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>"$tmp/openssl.log" ||
    die "openssl could not make a certificate: $(cat "$tmp/openssl.log")"
  sed -e 's/^\( *listen 127.0.0.1:[0-9]*\) /\1 ssl http2 /' \
    -e "s|^\\( *\\)listen \\(.*\\)\$|&\\n\\1ssl_certificate $tmp/cert.pem;\\n\\1ssl_certificate_key $tmp/key.pem;|" \
    "$conf" >"$tmp/nginx.conf"
  grep -q 'listen 127.0.0.1:[0-9]* ssl http2 ' "$tmp/nginx.conf" || die "no listen line in $conf"
  conf="$tmp/nginx.conf"
  harness_proto+=(--ca "$tmp/cert.pem")
fi
taskset -c "$TARGET_CPU" nginx -c "$conf" -p "$tmp/" -e "$tmp/error.log" &
nginx_pid=$! # taskset execs nginx: this is the master's PID (daemon off)
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  kill -0 "$nginx_pid" 2>/dev/null || die "nginx did not start: $(cat "$tmp/error.log" 2>/dev/null)"
  sleep 0.1
done
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || die "nginx does not listen on $PORT"

# ---- one run ------------------------------------------------------------------------------------

hz="$(getconf CLK_TCK)"
run_seconds=$DURATION # of the run going on; set per scenario below

# CPU ticks (utime+stime) of a process, or nothing when it is gone.
ticks() {
  local stat
  read -r stat <"/proc/$1/stat" 2>/dev/null || return 0
  stat="${stat##*) }" # fields after the command name; utime and stime are then 12th and 13th
  # shellcheck disable=SC2086
  set -- $stat
  echo $((${12} + ${13}))
}

# Runs a generator pinned to GEN_CPU under the timer; samples the process's CPU twice a second
# into $tmp/cpu (epoch seconds, ticks). Sets gen_rc, launched (epoch seconds at the launch) and
# writes "elapsed user sys peak-RSS-KB" as the last line of $tmp/time. The timer's figures are the
# whole tree's (for the harness: the launcher script and its JVM); the samples are the generator's
# own process, found by its name (gen_name: java, wrk, h2load) below timeout, time and a launcher.
measure() {
  rm -f "$tmp/time" "$tmp/cpu" "$tmp/out"
  local limit=$((run_seconds + 30)) # no run may hang the script
  launched="$EPOCHREALTIME"
  taskset -c "$GEN_CPU" timeout -k 5 "$limit" "${timer[@]}" "$tmp/time" "$@" >"$tmp/out" 2>&1 &
  gen_pid=$!
  local child="" hwm=0 kb
  while kill -0 "$gen_pid" 2>/dev/null; do
    if [ -z "$child" ]; then # timeout -> time -> [the launcher ->] the generator
      child="$(leaf "$gen_pid")"
      [ "$(cat "/proc/$child/comm" 2>/dev/null)" = "$gen_name" ] || child=""
    fi
    if [ -n "$child" ]; then
      local t
      t="$(ticks "$child")"
      [ -n "$t" ] && echo "$EPOCHREALTIME $t" >>"$tmp/cpu"
      kb="$(awk '$1 == "VmHWM:" { print $2 }' "/proc/$child/status" 2>/dev/null || true)"
      [[ "$kb" =~ ^[0-9]+$ ]] && [ "$kb" -gt "$hwm" ] && hwm=$kb
    fi
    sleep 0.5
  done
  gen_rc=0
  wait "$gen_pid" || gen_rc=$?
  gen_pid=""
  if [ "${timer[0]}" = bash ] && [ -s "$tmp/time" ]; then # bash's time has no RSS: the sampled one
    local e u s _m
    read -r e u s _m <<<"$(tail -n 1 "$tmp/time")"
    echo "$e $u $s $hwm" >>"$tmp/time"
  fi
}

# The deepest process below $1, following each one's first child.
leaf() {
  local pid=$1 next
  while next="$(cat "/proc/$pid/task/$pid/children" 2>/dev/null)" && [ -n "$next" ]; do
    pid="${next%% *}"
  done
  echo "$pid"
}

# Converts a wrk latency ("506.00us", "2.32ms", "1.00s") to ms.
wrk_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000
    printf "%.3f", n }'
}

# Percentile (0-100) of microsecond values in column 3 of an h2load log, in ms.
h2_pct() {
  cut -f3 "$2" | sort -n | awk -v p="$1" '{ v[NR] = $1 } END {
    if (NR == 0) { print "-"; exit }
    i = int(NR * p / 100); if (i < NR * p / 100) i++; if (i < 1) i = 1
    printf "%.3f", v[i] / 1000 }'
}

# Appends one line to $tmp/runs.tsv:
# scenario tool rep rate p50 p99 cpu_us_per_req steady_cpu_us_per_req rss_mb load1 errors rc start_s
record() {
  local scenario=$1 tool=$2 rep=$3 rate=$4 p50=$5 p99=$6 completed=$7 steady=$8 errors=$9 load=${10}
  local start=${11:--}
  local _e u s m
  # The last line: /usr/bin/time puts "Command exited with non-zero status N" before it.
  read -r _e u s m <<<"$(tail -n 1 "$tmp/time" 2>/dev/null)" || true
  [[ "${u:-}" =~ ^[0-9.]+$ ]] || { u=0 s=0 m=0; }
  awk -v sc="$scenario" -v tool="$tool" -v rep="$rep" -v rate="$rate" -v p50="$p50" \
    -v p99="$p99" -v done="$completed" -v u="$u" -v s="$s" -v m="$m" -v steady="$steady" \
    -v load="$load" -v err="$errors" -v rc="$gen_rc" -v start="$start" 'BEGIN {
      cpu = done > 0 ? (u + s) * 1e6 / done : "-"
      printf "%s\t%s\t%s\t%.1f\t%s\t%s\t%s\t%s\t%.1f\t%s\t%s\t%s\t%s\n", sc, tool, rep, rate, p50,
        p99, (cpu == "-" ? "-" : sprintf("%.2f", cpu)), steady, m / 1024, load, err, rc, start }' \
    >>"$tmp/runs.tsv"
  tail -n 1 "$tmp/runs.tsv" | awk -F'\t' '{ printf "  %-8s %-8s rep %s: %9.0f req/s  p50 %s ms  p99 %s ms  %s us/req (steady %s)  %s MB  load %s  errors %s  rc %s  start %s s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 }' >&2
}

# CPU us per request of the harness (result flattened by json.awk) between 2 s into its measured window and 0.5 s before its
# end: JVM start-up, class loading and most JIT compilation are outside this window.
harness_steady() {
  local flat=$1 start
  start="$(awk -F= '$1 == "startedAt" { print $2 }' "$flat")"
  start="$(date -d "$start" +%s.%N 2>/dev/null || true)"
  if [ -z "$start" ] || [ ! -s "$tmp/cpu" ]; then
    echo "-"
    return
  fi
  awk -v start="$start" -v dur="$run_seconds" -v hz="$hz" -F'[ =]' '
    FILENAME == ARGV[1] { split($1, k, "."); if (k[1] == "intervals") {
        if (k[3] == "t") t[k[2]] = $2; else if (k[3] == "seconds") len[k[2]] = $2;
        else if (k[3] == "responses") r[k[2]] = $2 } ; next }
    { at = $1 - start
      if (at >= 2 && a == "") { a = at; ta = $2 }
      if (at <= dur - 0.5) { b = at; tb = $2 } }
    END {
      if (a == "" || b == "" || b - a < 1) { print "-"; exit }
      for (i in t) {
        lo = t[i] > a ? t[i] : a; hi = t[i] + len[i] < b ? t[i] + len[i] : b
        if (hi > lo && len[i] > 0) n += r[i] * (hi - lo) / len[i]
      }
      if (n <= 0) { print "-"; exit }
      printf "%.2f", (tb - ta) / hz * 1e6 / n }' "$flat" "$tmp/cpu"
}

load1() { cut -d' ' -f1 /proc/loadavg; }

run_harness() { # scenario rep [rate]
  local scenario=$1 rep=$2 rate=${3:-} load model
  load="$(load1)"
  if [ -z "$rate" ]; then model=(--closed); else model=(-R "$rate"); fi
  # The launcher, with its JVM options (and HARNESS_JAVA_OPTS after them), on the jar as it is.
  # shellcheck disable=SC2086 # HARNESS_ARGS is a list of flags
  gen_name=java measure env HARNESS_JAR="$jar" "$root/harness" run "$URL" "${model[@]}" -c "$CONNS" -t 1 \
    -d "${run_seconds}s" "${harness_proto[@]}" ${HARNESS_ARGS:-} -q --json "$tmp/r.json"
  if [ ! -s "$tmp/r.json" ]; then
    echo "  harness wrote no result (exit $gen_rc):" >&2
    tail -n 5 "$tmp/out" >&2
    return
  fi
  awk -f "$root/bench/json.awk" "$tmp/r.json" >"$tmp/r.flat"
  local achieved p50 p99 dur errors steady
  f() { awk -F= -v k="$1" '$1 == k { print $2; exit }' "$tmp/r.flat"; }
  achieved="$(f achievedRate)"
  dur="$(f durationSeconds)"
  p50="$(f latency.response.p50)"
  p99="$(f latency.response.p99)"
  errors="$(f errors)"
  steady="$(harness_steady "$tmp/r.flat")"
  # Launch (of the launcher, as a user types it) to time zero, when the first arrival is due (sent
  # within a tick of it).
  local start
  start="$(date -d "$(f startedAt)" +%s.%N 2>/dev/null || true)"
  start="$(awk -v a="$start" -v l="$launched" 'BEGIN { if (a == "") print "-"; else printf "%.3f", a - l }')"
  record "$scenario" harness "$rep" "$achieved" "$p50" "$p99" \
    "$(awk -v a="$achieved" -v d="$dur" 'BEGIN { printf "%d", a * d }')" "$steady" "$errors" "$load" \
    "$start"
  rm -f "$tmp/r.json"
}

run_wrk() { # scenario rep (closed model only: Debian's wrk has no fixed-rate mode)
  local load
  load="$(load1)"
  gen_name=wrk measure wrk -t1 -c"$CONNS" -d"${run_seconds}s" --latency "$URL"
  local rate completed p50 p99 errors
  rate="$(awk '/^Requests\/sec:/ { print $2 }' "$tmp/out")"
  completed="$(awk '/ requests in / { print $1 }' "$tmp/out")"
  p50="$(wrk_ms "$(awk '$1 == "50%" { print $2 }' "$tmp/out")")"
  p99="$(wrk_ms "$(awk '$1 == "99%" { print $2 }' "$tmp/out")")"
  errors="$(awk '/Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
    /Non-2xx/ { n += $NF } END { print n + 0 }' "$tmp/out")"
  record "$1" wrk "$2" "${rate:-0}" "$p50" "$p99" "${completed:-0}" "-" "$errors" "$load"
}

run_h2load() { # scenario rep [rate]
  local scenario=$1 rep=$2 rate=${3:-} load
  load="$(load1)"
  rm -f "$tmp/h2.log"
  if [ -z "$rate" ]; then
    # No per-request log in the closed model: writing it would cost h2load CPU in a CPU race.
    gen_name=h2load measure h2load "${h2_flags[@]}" -t1 -c"$CONNS" -D "$run_seconds" "$URL"
  else
    gen_name=h2load measure h2load "${h2_flags[@]}" -t1 -c"$CONNS" -D "$run_seconds" \
      --rps="$(awk -v r="$rate" -v c="$CONNS" 'BEGIN { print r / c }')" \
      --log-file="$tmp/h2.log" "$URL"
  fi
  local achieved completed p50="-" p99="-" errors
  achieved="$(awk '/^finished in/ { print $4 }' "$tmp/out")"
  # requests: T total, S started, D done, OK succeeded, F failed, E errored, X timeout
  completed="$(awk '/^requests:/ { print $6 }' "$tmp/out")"
  errors="$(awk '/^requests:/ { print $10 + $12 + $14 }' "$tmp/out")"
  if [ -s "$tmp/h2.log" ]; then
    p50="$(h2_pct 50 "$tmp/h2.log")"
    p99="$(h2_pct 99 "$tmp/h2.log")"
  fi
  record "$scenario" h2load "$rep" "${achieved:-0}" "$p50" "$p99" "${completed:-0}" "-" "$errors" "$load"
}

# ---- the one-core ceiling (CEILING=1) ------------------------------------------------------------
# Instead of the tables: the highest open-model rate one worker pinned to GEN_CPU holds against nginx
# with its own dispatch lag p99 under CEILING_LAG_MS (1), its achieved rate within 1 % of the offer
# and the run valid (not invalid by the generator-health rule). Rates double from CEILING_START
# (25000) until a step misses (or CEILING_MAX, 400000, holds), then bisect between the highest hold
# and the lowest miss until they are within CEILING_PRECISION percent (5); a step that misses is
# run once more, and the second run decides. Each step is a CEILING_STEP-second run (10) after a
# CEILING_WARMUP-second warm-up (5: on one pinned core the JIT compiles beside the worker at first,
# and its lag is not the steady state's); h2load is offered the same rate for the same time (--rps
# per connection) right after, and its achieved rate goes beside the harness's. The table goes
# between <!-- ceiling:begin --> and <!-- ceiling:end -->.

ceiling_step() { # rate -> one line of $tmp/ceiling.tsv; returns 0 when the harness held the rate
  local rate=$1 load achieved lag p99 verdict h2
  load="$(load1)"
  run_seconds=$((CEILING_STEP + CEILING_WARMUP))
  # As run_harness: the launcher with its JVM options, on the jar as it is.
  # shellcheck disable=SC2086 # HARNESS_ARGS is a list of flags
  gen_name=java measure env HARNESS_JAR="$jar" "$root/harness" run "$URL" -R "$rate" -c "$CONNS" -t 1 \
    -d "${CEILING_STEP}s" --warmup "${CEILING_WARMUP}s" "${harness_proto[@]}" ${HARNESS_ARGS:-} -q --json "$tmp/r.json"
  local rc=$gen_rc
  if [ -s "$tmp/r.json" ]; then
    awk -f "$root/bench/json.awk" "$tmp/r.json" >"$tmp/r.flat"
    f() { awk -F= -v k="$1" '$1 == k { print $2; exit }' "$tmp/r.flat"; }
    achieved="$(f achievedRate)" lag="$(f generator.dispatchLag.p99)" p99="$(f latency.response.p99)"
    verdict="$(f verdict | tr -d '"')"
  else
    achieved=0 lag=- p99=- verdict="no result"
  fi
  rm -f "$tmp/r.json"
  sleep 1
  run_seconds=$CEILING_STEP
  gen_name=h2load measure h2load "${h2_flags[@]}" -t1 -c"$CONNS" -D "$CEILING_STEP" \
    --rps="$(awk -v r="$rate" -v c="$CONNS" 'BEGIN { print r / c }')" "$URL"
  h2="$(awk '/^finished in/ { print $4 }' "$tmp/out")"
  sleep 1
  local held
  # Held: the rate served, the arrivals handed over on time, and the run valid (not the generator's
  # limit by its own health rule: a busy worker or answers queued behind it show in the latency
  # even while the pacer is on time).
  held="$(awk -v r="$rate" -v a="$achieved" -v l="$lag" -v max="$CEILING_LAG_MS" -v v="$verdict" 'BEGIN {
    print (l != "-" && l + 0 < max + 0 && a + 0 >= r * 0.99 && v != "invalid") ? "yes" : "no" }')"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rate" "$achieved" "$lag" "$p99" "$verdict" "$rc" \
    "${h2:-0}" "$held" >>"$tmp/ceiling.tsv"
  echo "  ceiling: $rate/s offered: harness $achieved/s, dispatch lag p99 $lag ms, p99 $p99 ms," \
    "$verdict (exit $rc), held: $held; h2load ${h2:-0}/s  (load $load)" >&2
  [ "$held" = yes ]
}

# A step that misses runs once more and the second run decides: on a shared machine one hiccup in
# a 10 s step (the first step especially, which sets the direction) would otherwise end the search.
ceiling_try() { # rate
  ceiling_step "$1" && return 0
  echo "  ceiling: $1/s missed; once more" >&2
  ceiling_step "$1"
}

ceiling() {
  CEILING_START="${CEILING_START:-25000}" CEILING_MAX="${CEILING_MAX:-400000}"
  CEILING_PRECISION="${CEILING_PRECISION:-5}" CEILING_STEP="${CEILING_STEP:-10}"
  CEILING_LAG_MS="${CEILING_LAG_MS:-1}" CEILING_WARMUP="${CEILING_WARMUP:-5}"
  local lo=0 hi=0 rate=$CEILING_START load_before
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  : >"$tmp/ceiling.tsv"
  echo "peers.sh: one-core ceiling, steps of ${CEILING_STEP}s from $CEILING_START/s," \
    "load average $load_before" >&2
  while :; do
    if ceiling_try "$rate"; then
      lo=$rate
      [ "$rate" -ge "$CEILING_MAX" ] && break
      rate=$((rate * 2))
      [ "$rate" -gt "$CEILING_MAX" ] && rate=$CEILING_MAX
    else
      hi=$rate
      break
    fi
  done
  while [ "$hi" -gt 0 ] && [ $(((hi - lo) * 100)) -gt $((CEILING_PRECISION * hi)) ]; do
    rate=$(((lo + hi) / 2000 * 1000))
    [ "$rate" -le "$lo" ] && break
    if ceiling_try "$rate"; then lo=$rate; else hi=$rate; fi
  done
  {
    echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`CEILING=1 bench/peers.sh\` (steps of ${CEILING_STEP}s after a ${CEILING_WARMUP} s warm-up):"
    echo "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(nproc) cores, $(uname -sr);" \
      "nginx on core $TARGET_CPU, generator (one worker, $CONNS connections) on core $GEN_CPU;" \
      "$(java -version 2>&1 | sed -n 1p); $(h2load --version 2>&1 | sed -n 1p)."
    echo "Load average (1, 5, 15 min) before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo "| offered req/s | harness achieved | dispatch lag p99 ms | response p99 ms | verdict (exit) | held | h2load achieved |"
    echo "|---:|---:|---:|---:|---|---|---:|"
    sort -n "$tmp/ceiling.tsv" | awk -F'\t' '{ printf "| %d | %.0f | %s | %s | %s (%s) | %s | %.0f |\n", $1, $2, $3, $4, $5, $6, $8, $7 }'
    echo
    if [ "$lo" -gt 0 ]; then
      echo "**One-core ceiling: $lo req/s** (the highest offer held with dispatch lag p99 under" \
        "${CEILING_LAG_MS} ms, within 1 % of the rate and the run valid$([ "$hi" -gt 0 ] && echo "; $hi req/s was not"))."
    else
      echo "**One-core ceiling: below $CEILING_START req/s**: no step held."
    fi
  } >"$tmp/ceiling.md"
  cat "$tmp/ceiling.md"
  [ "$OUT" = - ] && return
  awk -v f="$tmp/ceiling.md" '
    /<!-- ceiling:begin -->/ { print; while ((getline l < f) > 0) print l; skip = 1; done = 1; next }
    /<!-- ceiling:end -->/ { skip = 0 }
    !skip { print }
    END { if (!done) { print ""; print "## One-core ceiling"; print ""; print "<!-- ceiling:begin -->"
      while ((getline l < f) > 0) print l; print "<!-- ceiling:end -->" } }' "$OUT" >"$tmp/doc"
  cat "$tmp/doc" >"$OUT"
  echo "peers.sh: wrote the ceiling into $OUT" >&2
}

# ---- the runs -----------------------------------------------------------------------------------

# The launcher's first run of a jar writes its class data sharing archive at its exit (once: more
# time and memory at the end of that run). One short run first, so the table measures the launches
# after it, as users have them from their second run on.
if has harness; then
  HARNESS_JAR="$jar" taskset -c "$GEN_CPU" "$root/harness" run "$URL" -R 100 -d 1s \
    "${harness_proto[@]}" -q >/dev/null 2>&1 || true
fi
if [ "${CEILING:-0}" = 1 ]; then
  ceiling
  exit 0
fi

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "peers.sh: $runs runs of ${DURATION}s (closed) and ${OPEN_DURATION}s (open), about" \
  "$((estimate / 60)) min, load average $load_before" >&2
: >"$tmp/runs.tsv"
rotate() { # rep tools... -> the tools, rotated by rep
  local r=$1
  shift
  local a=("$@") n=$#
  for i in $(seq 0 $((n - 1))); do echo "${a[$(((i + r) % n))]}"; done
}
for rep in $(seq 1 "$REPS"); do
  run_seconds=$DURATION
  for tool in $(rotate "$rep" "${closed_tools[@]}"); do
    "run_$tool" closed "$rep"
    sleep 1
  done
  run_seconds=$OPEN_DURATION
  for rate in $RATES; do
    for tool in $(rotate "$rep" "${open_tools[@]}"); do
      "run_$tool" "open$rate" "$rep" "$rate"
      sleep 1
    done
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- the table ----------------------------------------------------------------------------------

cpu_model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
versions="$(java -version 2>&1 | sed -n 1p); $(nginx -v 2>&1); $(wrk --version 2>&1 | sed -n 1p |
  cut -d' ' -f1-2); $(h2load --version 2>&1 | sed -n 1p)"
{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`bench/peers.sh\` (REPS=$REPS, closed ${DURATION}s, open ${OPEN_DURATION}s):"
  echo "${cpu_model:-unknown CPU}, $cores cores, $(uname -sr); target nginx on core $TARGET_CPU,"
  echo "generator on core $GEN_CPU; $versions."
  echo "Load average (1, 5, 15 min) before: $load_before; after: $load_after."
  echo "Harness: \`./harness run ... ${HARNESS_ARGS:-}\`, which runs \`$(HARNESS_JAR="$jar" \
    HARNESS_PRINT_COMMAND=1 "$root/harness" run | sed "s|$root/||g; s| run\$| run ...|")\`."
  echo
  echo "Medians of $REPS runs. CPU = user+sys of the whole generator process / completed"
  echo "requests (the harness's includes JVM start-up and JIT; \"steady\" is its CPU per request"
  echo "from 2 s into the run to 0.5 s before its end). Latency: the harness from each request's"
  echo "intended start, wrk and h2load from its send; h2load prints no percentiles, so they come"
  echo "from its per-request log, written in the open model only. Ratios are harness / peer: above"
  echo "1 the harness has more of it (rate: better; CPU, latency, RSS: worse). \"start s\": from"
  echo "launching the harness (its launcher script) to its time zero, when its first request is due."
  [ "$PROTO" = h2c ] && echo "Over h2c (HTTP/2 with prior knowledge): each of the $CONNS connections" \
    "carries up to $STREAMS streams (harness --h2c --max-streams $STREAMS, h2load -m $STREAMS)."
  [ "$PROTO" = h2 ] && echo "Over h2 (TLS, ALPN; nginx \`listen ... ssl http2\`, a self-signed" \
    "certificate): each of the $CONNS connections carries up to $STREAMS streams (harness --http2" \
    "--max-streams $STREAMS --ca CERT, h2load -m $STREAMS); $(openssl version 2>&1 | cut -d' ' -f1-2)."
  awk -F'\t' -v rates="$RATES" -v proto="$PROTO" -v streams="$STREAMS" '
    function median(list,    n, a, i, j, t) {
      n = split(list, a, " ")
      for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
      if (n == 0) return "-"
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function add(k, v) { if (v != "-" && v != "") vals[k] = vals[k] " " v }
    function fmt(v, d) { return v == "-" ? "-" : sprintf("%." d "f", v) }
    function ratio(a, b) { return (a == "-" || b == "-" || b + 0 == 0) ? "-" : sprintf("%.2f", a / b) }
    {
      k = $1 SUBSEP $2
      add(k SUBSEP "rate", $4); add(k SUBSEP "p50", $5); add(k SUBSEP "p99", $6)
      add(k SUBSEP "cpu", $7); add(k SUBSEP "steady", $8); add(k SUBSEP "rss", $9)
      add(k SUBSEP "load", $10); add(k SUBSEP "err", $11); add(k SUBSEP "start", $13); runs[k]++
      if ($12 != 0) bad[k]++
    }
    function table(sc, title, peers,    t, n, tools, i, m, k, p) {
      print ""
      print "#### " title
      print ""
      print "| tool | achieved req/s | p50 ms | p99 ms | CPU us/req | CPU us/req, steady | peak RSS MB | errors | runs (exit != 0) | load 1-min | start s |"
      print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
      n = split("harness " peers, tools, " ")
      for (i = 1; i <= n; i++) {
        k = sc SUBSEP tools[i]
        if (!(k in runs)) continue
        split("rate p50 p99 cpu steady rss load err start", names, " ")
        for (m = 1; m <= 9; m++) med[tools[i], names[m]] = median(vals[k SUBSEP names[m]])
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %d (%d) | %s | %s |\n", tools[i],
          fmt(med[tools[i], "rate"], 0), fmt(med[tools[i], "p50"], 3), fmt(med[tools[i], "p99"], 3),
          fmt(med[tools[i], "cpu"], 2), fmt(med[tools[i], "steady"], 2), fmt(med[tools[i], "rss"], 0),
          fmt(med[tools[i], "err"], 0), runs[k], bad[k] + 0, fmt(med[tools[i], "load"], 2),
          fmt(med[tools[i], "start"], 2)
        for (m = 1; m <= 9; m++) M[sc, tools[i], names[m]] = med[tools[i], names[m]]
      }
      for (i = 2; i <= n; i++) {
        p = tools[i]
        if (!((sc SUBSEP p) in runs) || !((sc SUBSEP "harness") in runs)) continue
        printf "| harness / %s | %s | %s | %s | %s | %s | %s | | | | |\n", p,
          ratio(med["harness", "rate"], med[p, "rate"]), ratio(med["harness", "p50"], med[p, "p50"]),
          ratio(med["harness", "p99"], med[p, "p99"]), ratio(med["harness", "cpu"], med[p, "cpu"]),
          ratio(med["harness", "steady"], med[p, "cpu"]), ratio(med["harness", "rss"], med[p, "rss"])
      }
    }
    # One line of the bars table: what is asked, the figure, whether it holds.
    function bar(what, figure, holds) {
      printf "| %s | %s | %s |\n", what, figure, figure == "-" ? "not measured" : (holds ? "yes" : "**no**")
    }
    function r2(a, b) { return (a == "-" || b == "-" || b + 0 == 0) ? "-" : a / b }
    function h2c_bars(    nr, r, top, x) {
      table("closed", "(a) Closed model over " proto ", 64 connections x " streams " streams, maximum throughput", "h2load")
      nr = split(rates, r, " ")
      for (i = 1; i <= nr; i++) {
        table("open" r[i], "(b) Open model over " proto ", " r[i] " req/s offered, 64 connections", "h2load")
      }
      top = r[nr]
      print ""
      print "#### The bars (issue 14), from the medians above"
      print ""
      print "| bar | measured | holds |"
      print "|---|---|---|"
      x = r2(M["closed", "harness", "rate"], M["closed", "h2load", "rate"])
      bar("closed model: throughput >= 0.8x h2load -c 64 -m " streams, x == "-" ? "-" : sprintf("%.2fx", x), x >= 0.8)
      x = r2(M["open" top, "harness", "cpu"], M["open" top, "h2load", "cpu"])
      bar(top " req/s: CPU us/request <= 1.5x h2load --rps (goal 1.0x)", x == "-" ? "-" : sprintf("%.2fx", x), x <= 1.5)
      x = r2(M["open" top, "harness", "steady"], M["open" top, "h2load", "cpu"])
      bar(top " req/s: steady CPU us/request <= 1.5x h2load --rps (JVM start-up left out)", x == "-" ? "-" : sprintf("%.2fx", x), x <= 1.5)
    }
    END {
      if (proto == "h2c" || proto == "h2") { h2c_bars(); exit }
      table("closed", "(a) Closed model, 64 connections, maximum throughput", "wrk h2load")
      nr = split(rates, r, " ")
      for (i = 1; i <= nr; i++) {
        table("open" r[i], "(b) Open model, " r[i] " req/s offered, 64 connections (wrk: no fixed-rate mode in Debian'"'"'s wrk 4)", "h2load")
      }
      print ""
      print "#### The bars (issue 7), from the medians above"
      print ""
      print "| bar | measured | holds |"
      print "|---|---|---|"
      x = r2(M["closed", "harness", "rate"], M["closed", "wrk", "rate"])
      bar("closed model: throughput >= 0.8x wrk (goal 1.0x)", x == "-" ? "-" : sprintf("%.2fx", x), x >= 0.8)
      a = M["open20000", "harness", "rate"]
      bar("20,000 req/s: achieved within 1 % of offered", a == "" || a == "-" ? "-" : sprintf("%.0f req/s", a), a >= 19800 && a <= 20200)
      x = r2(M["open20000", "harness", "cpu"], M["open20000", "h2load", "cpu"])
      bar("20,000 req/s: CPU us/request <= 1.2x h2load (goal 1.0x)", x == "-" ? "-" : sprintf("%.2fx", x), x <= 1.2)
      x = r2(M["open10000", "harness", "p99"], M["open10000", "h2load", "p99"])
      bar("10,000 req/s: p99 <= 1.5x h2load", x == "-" ? "-" : sprintf("%.2fx", x), x <= 1.5)
      x = M["open20000", "harness", "rss"]
      bar("20,000 req/s: peak RSS <= 256 MiB (goal 128)", x == "" || x == "-" ? "-" : sprintf("%.0f MB", x), x <= 256)
      x = M["open10000", "harness", "start"]
      bar("JVM launch to first request < 1 s (pinned to one core)", x == "" || x == "-" ? "-" : sprintf("%.2f s", x), x < 1)
    }' "$tmp/runs.tsv"
  echo
  echo "<details><summary>Every run</summary>"
  echo
  echo "| scenario | tool | rep | req/s | p50 ms | p99 ms | CPU us/req | steady | RSS MB | load 1-min | errors | exit | start s |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '{ printf "| %s | %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 }' "$tmp/runs.tsv"
  echo
  echo "</details>"
} >"$tmp/peers.md"

cat "$tmp/peers.md"

if [ "$PROTO" = h2c ]; then mark=peers-h2c heading="Peer comparison over h2c"
elif [ "$PROTO" = h2 ]; then mark=peers-h2 heading="Peer comparison over h2 (TLS)"; else
  mark=peers heading="Peer comparison"; fi
if [ "$OUT" != "-" ]; then
  if [ -f "$OUT" ] && grep -q "^<!-- $mark:begin -->\$" "$OUT"; then
    awk -v table="$tmp/peers.md" -v b="<!-- $mark:begin -->" -v e="<!-- $mark:end -->" '
      $0 == b { print; while ((getline line < table) > 0) print line; skip = 1; next }
      $0 == e { skip = 0 }
      !skip { print }' "$OUT" >"$tmp/doc.md"
  else
    { [ -f "$OUT" ] && cat "$OUT" && echo
      echo "## $heading"
      echo
      echo "<!-- $mark:begin -->"
      cat "$tmp/peers.md"
      echo "<!-- $mark:end -->"
    } >"$tmp/doc.md"
  fi
  cp "$tmp/doc.md" "$OUT"
  echo "peers.sh: wrote $OUT" >&2
fi
