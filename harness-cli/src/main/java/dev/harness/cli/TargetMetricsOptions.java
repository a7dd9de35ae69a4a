package dev.harness.cli;

import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.TargetMetricsSpec;
import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The target's own Prometheus metrics, scraped during the run beside the load. */
final class TargetMetricsOptions {
  @Option(
      names = "--target-metrics",
      paramLabel = "URL",
      description =
          "Scrape the target's Prometheus text endpoint during the run, on its own connection"
              + " (e.g. http://127.0.0.1:8080/metrics); replaces a scenario's targetMetrics: block. Each"
              + " scrape's series go into the result; criteria can use 'target.memory.growth < 10%%/h',"
              + " 'target.cpu < 80%%', 'target.metric{name=NAME} < N' (last value).")
  String url;

  @Option(
      names = "--target-metrics-interval",
      paramLabel = "TIME",
      converter = DurationConverter.class,
      description = "Time between scrapes (default: 5s; at least 100ms).")
  Long intervalNanos;

  @Option(
      names = "--target-metric",
      paramLabel = "NAME",
      description =
          "A series to record besides process_resident_memory_bytes and"
              + " process_cpu_seconds_total; repeatable.")
  List<String> series = new ArrayList<>();

  /**
   * {@code spec} with the scrape the flags ask for (a scenario's block, when the flags give no URL,
   * keeps its own URL and takes the flags' interval and series), then checked: criteria on the
   * target's metrics need a scrape and a recorded series.
   */
  RunSpec apply(RunSpec spec) {
    TargetMetricsSpec file = spec.targetMetrics();
    if (url == null && file == null) {
      if (intervalNanos != null || !series.isEmpty()) {
        throw new InvalidInputException(
            (intervalNanos != null ? "--target-metrics-interval" : "--target-metric")
                + " needs --target-metrics URL");
      }
      TargetMetricsSpec.check(spec);
      return spec;
    }
    String u = url != null ? url : file.url().url();
    long interval =
        intervalNanos != null
            ? intervalNanos
            : file != null ? file.intervalNanos() : TargetMetricsSpec.DEFAULT_INTERVAL_NANOS;
    List<String> names = new ArrayList<>(file == null ? List.of() : file.series());
    names.addAll(series);
    RunSpec run;
    try {
      run = spec.toBuilder().targetMetrics(TargetMetricsSpec.of(u, interval, names)).build();
    } catch (InvalidInputException e) {
      throw new InvalidInputException("--" + e.getMessage());
    }
    TargetMetricsSpec.check(run);
    return run;
  }
}
