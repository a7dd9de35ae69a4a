#!/usr/bin/env bash
# Builds the benchmarks jar and runs the JMH suite of the hot path with the short profile set on
# each class (1 fork, 3 x 1 s warm-up, 5 x 1 s measurement): about 4 minutes on 2 cores. Adds the
# gc profiler, whose gc.alloc.rate.norm is the garbage per operation. Writes JMH's JSON to
# bench/results/jmh.json and its text output to bench/results/jmh.txt.
#
#   bench/jmh.sh                          # everything
#   bench/jmh.sh ResponseParseBench       # one class (any JMH regex)
#   bench/jmh.sh -f 3 -i 10               # a longer, steadier run (any JMH option)
#
# The suite: ScheduleBench (next intended time), RequestWriteBench (request encoding and writing),
# ResponseParseBench (status line, headers, Content-Length and chunked bodies), RecorderBench
# (latency recording, interval swap, contention), OutcomeBench (outcome counting).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -pl benchmarks -am package -DskipTests
mkdir -p bench/results
java -jar benchmarks/target/benchmarks.jar -prof gc -rf json -rff bench/results/jmh.json "$@" |
  tee bench/results/jmh.txt
