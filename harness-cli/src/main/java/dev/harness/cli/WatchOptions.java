package dev.harness.cli;

import dev.harness.engine.model.ProbeSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.time.InvalidInputException;
import picocli.CommandLine.Option;

/** What watches a run while it goes: the health probe and the live metrics endpoint. */
final class WatchOptions {
  @Option(
      names = "--probe",
      paramLabel = "URL",
      description =
          "Poll this health URL on its own connection during the run (e.g."
              + " http://127.0.0.1:8080/health); replaces a scenario's health: block. Each"
              + " poll's status and latency go into the result; criteria can use 'availability"
              + " >= 99.9%%'.")
  String probe;

  @Option(
      names = "--probe-interval",
      paramLabel = "TIME",
      converter = DurationConverter.class,
      description = "Time between probe polls (default: 1s; at least 10ms).")
  Long probeIntervalNanos;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve live metrics in Prometheus text format at http://127.0.0.1:PORT/metrics"
              + " while the run lasts (requests by outcome, response time, rates, in flight,"
              + " generator health).")
  Integer metricsPort;

  /** No probe, no metrics: for callers that offer neither flag. */
  static WatchOptions none() {
    return new WatchOptions();
  }

  /** {@code spec} with the probe the flags ask for; unchanged without {@code --probe}. */
  RunSpec apply(RunSpec spec) {
    if (probe == null) {
      if (probeIntervalNanos != null) {
        throw new InvalidInputException("--probe-interval needs --probe URL");
      }
      return spec;
    }
    long interval =
        probeIntervalNanos == null ? ProbeSpec.DEFAULT_INTERVAL_NANOS : probeIntervalNanos;
    try {
      return spec.toBuilder().probe(ProbeSpec.of(probe, interval)).build();
    } catch (InvalidInputException e) {
      throw new InvalidInputException("--" + e.getMessage());
    }
  }

  /** Checks the metrics port before anything starts. */
  void check() {
    if (metricsPort != null && (metricsPort < 1 || metricsPort > 65535)) {
      throw new InvalidInputException("--metrics-port must be 1 to 65535, got " + metricsPort);
    }
  }
}
