package dev.harness.report;

import java.util.Locale;

/**
 * The drift line of the summary and of {@code summary.md}: shown for runs where a drift means
 * something, a measured part over 10 minutes or more than one measured phase. Stateless.
 */
final class DriftText {
  /** Measured seconds above which a run is long enough for its drift to be shown. */
  static final double LONG_RUN_SECONDS = 600;

  private DriftText() {}

  /**
   * {@code p99 +12.0% (1.20ms -> 1.34ms, +0.30ms/h), rate -0.5% (1000.0/s -> 995.0/s, -1.2/s/h)},
   * or null when the run has no drift figures or is too short for them to be shown.
   */
  static String of(RunReport r) {
    RunReport.Drift d = r.drift();
    long measuredPhases = r.phases().stream().filter(p -> !p.warmup()).count();
    if (d == null || (r.measured().seconds() <= LONG_RUN_SECONDS && measuredPhases < 2)) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "p99 %s (%.2fms -> %.2fms, %+.2fms/h), rate %s (%.1f/s -> %.1f/s, %+.1f/s/h);"
            + " first vs last tenth of %d s",
        percent(d.p99ChangePercent()),
        d.p99FirstMs(),
        d.p99LastMs(),
        d.p99SlopeMsPerHour(),
        percent(d.rateChangePercent()),
        d.rateFirst(),
        d.rateLast(),
        d.rateSlopePerHour(),
        d.seconds());
  }

  private static String percent(Double p) {
    return p == null ? "-" : String.format(Locale.ROOT, "%+.1f%%", p);
  }
}
