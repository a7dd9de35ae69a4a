package dev.harness.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where results go and how the end of a run is handled; shared by run-like commands. */
final class OutputOptions {
  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Write the result as JSON to FILE (written atomically).")
  Path json;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Write result.json, latency.hlog, report.html, junit.xml and summary.md into"
              + " DIR (each atomically); 'harness report DIR' renders them again later.")
  Path out;

  @Option(
      names = "--force",
      description =
          "With --out: replace an earlier run's files in DIR; without it such a DIR is refused"
              + " (exit 2), so a restarted run never overwrites an earlier one.")
  boolean force;

  @Option(
      names = "--checkpoint",
      paramLabel = "TIME",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "With --out: while the run lasts, rewrite result.json (verdict 'incomplete')"
              + " this often; latency.hlog is appended every second. A crash loses seconds, not"
              + " the run (default: ${DEFAULT-VALUE}).")
  long checkpointNanos;

  @Option(
      names = "--latency",
      description = "Print the response-time percentile distribution, as wrk2 --latency does.")
  boolean latency;

  @Option(
      names = "--baseline",
      paramLabel = "FILE|DIR",
      description =
          "Compare with an earlier run's result.json (or its --out DIR) and fail (exit 1)"
              + " when a --max-regression bound is exceeded.")
  Path baseline;

  @Option(
      names = "--max-regression",
      paramLabel = "METRIC=+N%",
      description =
          "Bound for --baseline; repeatable: 'p99=+50%%' (may rise 50%%), 'rps=-10%%' (may"
              + " drop 10%%), 'errors=+1pp'. Default: p99=+50%% and rps=-50%%.")
  List<String> maxRegression = new ArrayList<>();

  @Option(
      names = "--strict",
      description =
          "With --baseline: refuse (exit 2) a baseline of another target instead of"
              + " comparing with a note. Different loads always compare, with a note.")
  boolean strict;

  @Option(
      names = "--grace",
      paramLabel = "TIME",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "On Ctrl-C or SIGTERM, how long in-flight requests may finish (default: ${DEFAULT-VALUE}).")
  long graceNanos;

  @Option(
      names = "--requests",
      paramLabel = "FILE",
      description =
          "Log every request, one line each, to FILE: CSV, or JSON Lines when FILE ends in"
              + " .jsonl or .ndjson; - is standard output (the summary then goes to stderr)."
              + " Columns: intended_ms, sent_ms, response_ms, service_ms, status, outcome, ok,"
              + " name, phase, request_bytes, connection. Written off the workers' loops; lines the"
              + " writer could not keep up with are dropped and counted, never waited for.")
  Path requests;

  @Option(
      names = "--requests-sample",
      paramLabel = "P",
      description =
          "With --requests: the share of requests to log, at random, e.g. 0.1 or 10%% (default:"
              + " all).")
  String requestsSample;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress lines while running.")
  boolean quiet;
}
