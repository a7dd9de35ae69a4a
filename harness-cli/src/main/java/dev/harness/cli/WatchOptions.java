package dev.harness.cli;

import dev.harness.engine.model.ProbeSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.time.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
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

  @Option(
      names = "--metrics-linger",
      paramLabel = "TIME",
      converter = DurationConverter.class,
      description =
          "Keep the --metrics-port endpoint up this long after the run, so the last scrape sees"
              + " the final counts (default: 15s; 0 closes it when the run ends).")
  Long metricsLingerNanos;

  @Option(
      names = "--metrics-otlp",
      paramLabel = "URL",
      description =
          "Push the live metrics to this OpenTelemetry collector (OTLP over HTTP, e.g."
              + " http://127.0.0.1:4318/v1/metrics) every --metrics-otlp-interval and when the run"
              + " ends.")
  String metricsOtlp;

  @Option(
      names = "--metrics-otlp-interval",
      paramLabel = "TIME",
      converter = DurationConverter.class,
      description = "Time between OTLP pushes (default: 10s; at least 1s).")
  Long metricsOtlpIntervalNanos;

  /** How long the endpoint stays up after the run. */
  long lingerNanos() {
    return metricsLingerNanos == null ? 15_000_000_000L : metricsLingerNanos;
  }

  /** Time between OTLP pushes. */
  long otlpIntervalNanos() {
    return metricsOtlpIntervalNanos == null ? 10_000_000_000L : metricsOtlpIntervalNanos;
  }

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

  /** Checks the metrics flags before anything starts. */
  void check() {
    if (metricsPort != null && (metricsPort < 1 || metricsPort > 65535)) {
      throw new InvalidInputException("--metrics-port must be 1 to 65535, got " + metricsPort);
    }
    if (metricsLingerNanos != null && metricsLingerNanos < 0) {
      throw new InvalidInputException("--metrics-linger must be 0 or longer");
    }
    if (metricsOtlp != null) {
      URI uri;
      try {
        uri = new URI(metricsOtlp);
      } catch (URISyntaxException e) {
        throw new InvalidInputException("--metrics-otlp: bad URL " + metricsOtlp);
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new InvalidInputException(
            "--metrics-otlp: bad URL "
                + metricsOtlp
                + " (give http://HOST:PORT/v1/metrics or https://...)");
      }
    } else if (metricsOtlpIntervalNanos != null) {
      throw new InvalidInputException("--metrics-otlp-interval needs --metrics-otlp URL");
    }
    if (metricsOtlpIntervalNanos != null && metricsOtlpIntervalNanos < 1_000_000_000L) {
      throw new InvalidInputException("--metrics-otlp-interval must be at least 1s");
    }
  }
}
