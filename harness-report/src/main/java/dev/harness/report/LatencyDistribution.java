package dev.harness.report;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The latency distribution as wrk2 prints it with {@code --latency}: a short list of percentiles,
 * then the detailed percentile spectrum of the response time exactly as HdrHistogram's {@code
 * outputPercentileDistribution} (and so {@code HistogramLogProcessor}) writes it, in milliseconds.
 */
final class LatencyDistribution {
  /** The percentiles of the short list, wrk2's. */
  static final double[] PERCENTILES = {50, 75, 90, 99, 99.9, 99.99, 99.999, 100};

  /** Ticks per half distance of the detailed spectrum, wrk2's and HistogramLogProcessor's. */
  static final int TICKS_PER_HALF = 5;

  private LatencyDistribution() {}

  static List<String> lines(Latency response, Latency service) {
    List<String> out = new ArrayList<>();
    out.add("latency distribution (HdrHistogram)");
    out.add(String.format(Locale.ROOT, "  %10s  %10s  %10s", "percentile", "response", "service"));
    for (double q : PERCENTILES) {
      out.add(
          String.format(
              Locale.ROOT,
              "  %9.3f%%  %10s  %10s",
              q,
              Format.duration(response.at(q)),
              Format.duration(service.at(q))));
    }
    out.add("");
    if (response.histogram() == null) {
      out.add("detailed percentile spectrum: needs latency.hlog (written by --out DIR)");
    } else if (!response.measured()) {
      out.add("detailed percentile spectrum: no response time recorded");
    } else {
      out.add("detailed percentile spectrum of the response time (ms):");
      out.addAll(spectrum(response));
    }
    return out;
  }

  /** HdrHistogram's own percentile distribution of the values, in milliseconds. */
  static List<String> spectrum(Latency latency) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream ps = new PrintStream(bytes, false, StandardCharsets.UTF_8)) {
      latency.histogram().outputPercentileDistribution(ps, TICKS_PER_HALF, 1e6);
    }
    return List.of(bytes.toString(StandardCharsets.UTF_8).split("\n"));
  }
}
