package dev.harness.report;

import dev.harness.engine.criteria.CriterionResult;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.FaultImpact;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.PhaseResult;
import dev.harness.engine.result.Resilience;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.time.Durations;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The summary printed on the terminal at the end of a run: what was asked, what was measured and
 * the verdict, in plain ASCII with aligned columns, about 25 lines. Figures are those of the
 * measured (non-warm-up) phases unless a line says otherwise.
 *
 * <p>Stateless and thread-safe.
 */
public final class TextSummary {

  /** Achieved below this share of offered is a shortfall the summary explains. */
  static final double SHORTFALL_BELOW = 0.99;

  /** Shown for a figure that was not measured (an empty histogram). */
  static final String NONE = "-";

  private static final String[] TABLE_HEADS = {
    "p50", "p90", "p99", "p99.9", "p99.99", "max", "mean"
  };
  private static final double[] TABLE_PERCENTILES = {50, 90, 99, 99.9, 99.99};
  private static final String LABEL = "%-11s";
  private static final String CELL = "%9s";

  private TextSummary() {}

  /** The summary, lines ending in {@code \n}, the last one {@code verdict: ...}. */
  public static String render(RunResult r) {
    List<String> out = new ArrayList<>();
    setup(r, out);
    out.add("");
    throughput(r, out);
    out.add("");
    latency(r.measured(), out);
    out.add("");
    if (r.generator() != null) {
      generator(r.generator(), out);
    }
    if (r.phases().size() > 1) {
      out.add("");
      phases(r.phases(), r.spec() != null && r.spec().model() == LoadModel.CLOSED, out);
    }
    if (r.resilience() != null) {
      out.add("");
      resilience(r.resilience(), out);
    }
    if (!r.criteria().isEmpty()) {
      out.add("");
      criteria(r.criteria(), out);
    }
    out.add("");
    String verdict = "verdict: " + r.verdict().label().toUpperCase(Locale.ROOT);
    if (r.reason() != null && !r.reason().isBlank()) {
      verdict += " - " + r.reason();
    }
    out.add(verdict);

    StringBuilder sb = new StringBuilder();
    for (String line : out) {
      sb.append(line.stripTrailing()).append('\n');
    }
    return ascii(sb.toString());
  }

  /** What was asked: target, load model, concurrency, durations. */
  private static void setup(RunResult r, List<String> out) {
    RunSpec spec = r.spec();
    long measured = r.measured().durationNanos();
    long warmup =
        r.phases().stream()
            .filter(PhaseResult::warmup)
            .mapToLong(p -> p.stats().durationNanos())
            .sum();
    out.add(row("target", spec.requests().get(0).method() + " " + spec.target().url()));
    out.add(
        row(
            "load",
            String.format(
                Locale.ROOT,
                "%s model, %d workers, %d connections, timeout %s",
                spec.model().name().toLowerCase(Locale.ROOT),
                spec.workers(),
                spec.connections(),
                Durations.format(spec.timeoutNanos()))));
    out.add(
        row(
            "duration",
            Durations.format(measured)
                + " measured"
                + (warmup > 0 ? " after " + Durations.format(warmup) + " warm-up" : ", no warm-up")
                + (r.startedAt() == null
                    ? ""
                    : ", started " + r.startedAt().truncatedTo(ChronoUnit.SECONDS))));
  }

  /** Requests, offered against achieved rate, outcomes. */
  private static void throughput(RunResult r, List<String> out) {
    Stats m = r.measured();
    boolean closed = r.spec() != null && r.spec().model() == LoadModel.CLOSED;
    out.add(
        row(
            "requests",
            closed
                ? String.format(
                    Locale.ROOT,
                    "%d in %s, achieved %s (closed model: the connections set the pace)",
                    m.requests(),
                    Durations.format(m.durationNanos()),
                    rate(m.achievedRate()))
                : String.format(
                    Locale.ROOT,
                    "%d in %s, offered %s, achieved %s",
                    m.requests(),
                    Durations.format(m.durationNanos()),
                    rate(m.offeredRate()),
                    rate(m.achievedRate()))));
    if (!closed && m.offeredRate() > 0 && m.achievedRate() < SHORTFALL_BELOW * m.offeredRate()) {
      out.add(row("", shortfall(m, r.generator())));
    }
    out.add(
        row(
            "outcomes",
            nonZeroOutcomes(m.outcomes())
                + String.format(
                    Locale.ROOT, "   errors %d (%s)", m.errors(), percent(m.errorRatio()))));
  }

  private static void latency(Stats m, List<String> out) {
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, LABEL, "latency"));
    for (String h : TABLE_HEADS) {
      head.append(String.format(Locale.ROOT, CELL, h));
    }
    out.add(head.toString());
    out.add(latencyRow("response", m.response()));
    out.add(latencyRow("service", m.service()));
    out.add(
        row(
            "",
            "response time = from intended start (includes queueing); service time = from send"));
  }

  private static void generator(GeneratorHealth g, List<String> out) {
    Histogram lag = g.dispatchLag();
    out.add(
        row(
            "generator",
            String.format(
                Locale.ROOT,
                "%d workers, dispatch lag p99 %s, late (>%s) %d of %d arrivals (%s)",
                g.workers(),
                lag != null && lag.getTotalCount() > 0
                    ? Durations.format(lag.getValueAtPercentile(99))
                    : NONE,
                lateThreshold(),
                g.lateArrivals(),
                g.arrivals(),
                percent(g.lateRatio()))));
    if (!g.heldSchedule()) {
      out.add(
          row(
              "",
              String.format(
                  Locale.ROOT,
                  "WARNING: the load generator could not hold its schedule: %s of arrivals",
                  percent(g.lateRatio()))));
      out.add(
          row(
              "",
              String.format(
                  Locale.ROOT,
                  "were handled more than %s late (limit %s). The generator, not the target,",
                  lateThreshold(),
                  percent(GeneratorHealth.MAX_LATE_RATIO))));
      out.add(row("", "limited this run: its latency and rate figures do not measure the target."));
    }
  }

  /** SLO and availability, then one line per fault: impact during it and recovery after it. */
  private static void resilience(Resilience res, List<String> out) {
    out.add(
        row(
            "slo",
            String.join(", ", res.slo())
                + " per second ("
                + switch (res.sloSource()) {
                  case "slo" -> "given";
                  case "criteria" -> "from the criteria";
                  default -> "default";
                }
                + ")"));
    out.add(
        row(
            "available",
            res.secondsJudged() == 0
                ? NONE
                : String.format(
                    Locale.ROOT,
                    "%.2f%% of seconds within the SLO (%d of %d)",
                    res.availability() * 100,
                    res.secondsWithinSlo(),
                    res.secondsJudged())));
    if (res.abort() != null) {
      out.add(
          row(
              "aborted",
              String.format(
                  Locale.ROOT,
                  "at %s: '%s' held (actual %s)",
                  Durations.format(res.abort().atNanos()),
                  res.abort().criterion(),
                  res.abort().actualText())));
    }
    if (res.faults().isEmpty()) {
      return;
    }
    out.add("faults");
    String format = "  %-28s %-16s %9s %8s %9s  %s";
    out.add(
        String.format(
            Locale.ROOT, format, "fault", "window", "requests", "errors", "p99", "recovery"));
    for (FaultImpact f : res.faults()) {
      Histogram h = f.response();
      out.add(
          String.format(
              Locale.ROOT,
              format,
              f.fault(),
              seconds(f.atNanos()) + "-" + seconds(f.endNanos()),
              f.requests(),
              f.errors(),
              h != null && h.getTotalCount() > 0
                  ? Durations.format(h.getValueAtPercentile(99))
                  : NONE,
              recovery(f)));
    }
    out.add(
        row("", "recovery: from the fault's end to the first second within the SLO (1 s grid)"));
  }

  private static String recovery(FaultImpact f) {
    if (!f.recovered()) {
      return "not recovered";
    }
    return f.recoveryNanos() == 0 ? "0s" : "<= " + Durations.format(f.recoveryNanos());
  }

  private static String seconds(long nanos) {
    double s = nanos / 1e9;
    return s == Math.rint(s)
        ? String.format(Locale.ROOT, "%.0fs", s)
        : String.format(Locale.ROOT, "%.1fs", s);
  }

  private static void criteria(List<CriterionResult> criteria, List<String> out) {
    out.add("criteria");
    for (CriterionResult c : criteria) {
      out.add(
          String.format(
              Locale.ROOT,
              "  %-4s  %s  (actual %s)",
              c.passed() ? "PASS" : "FAIL",
              c.expression(),
              c.actualText()));
    }
  }

  private static String shortfall(Stats m, GeneratorHealth g) {
    OutcomeCounts o = m.outcomes();
    long unsent = o.get(Outcome.UNSENT);
    long unanswered = m.requests() - o.responses() - unsent;
    double missing = 1 - m.achievedRate() / m.offeredRate();
    return String.format(
        Locale.ROOT,
        "achieved is %s below offered: %d unsent, %d sent without an answer, %s late arrivals",
        percent(missing),
        unsent,
        unanswered,
        g == null ? "?" : Long.toString(g.lateArrivals()));
  }

  private static String nonZeroOutcomes(OutcomeCounts counts) {
    StringBuilder sb = new StringBuilder();
    for (Outcome o : Outcome.values()) {
      if (counts.get(o) != 0) {
        sb.append(sb.length() == 0 ? "" : ", ").append(o.label()).append(' ').append(counts.get(o));
      }
    }
    return sb.length() == 0 ? "none" : sb.toString();
  }

  private static String latencyRow(String name, Histogram h) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, LABEL, name));
    boolean measured = h != null && h.getTotalCount() > 0;
    for (double p : TABLE_PERCENTILES) {
      sb.append(
          String.format(
              Locale.ROOT, CELL, measured ? Durations.format(h.getValueAtPercentile(p)) : NONE));
    }
    sb.append(
        String.format(Locale.ROOT, CELL, measured ? Durations.format(h.getMaxValue()) : NONE));
    sb.append(
        String.format(
            Locale.ROOT, CELL, measured ? Durations.format(Math.round(h.getMean())) : NONE));
    return sb.toString();
  }

  /** {@link GeneratorHealth#LATE_NANOS} as people write it: 16ms, not 16.00ms. */
  private static String lateThreshold() {
    long nanos = GeneratorHealth.LATE_NANOS;
    return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + "ms" : Durations.format(nanos);
  }

  private static void phases(List<PhaseResult> phases, boolean closed, List<String> out) {
    int width = "phase".length();
    for (PhaseResult p : phases) {
      width = Math.max(width, p.name().length());
    }
    String format = "  %-" + width + "s  %-6s  %10s  %10s  %9s  %8s";
    out.add("phases");
    out.add(
        String.format(
            Locale.ROOT, format, "phase", "warmup", "offered", "achieved", "p99", "errors"));
    for (PhaseResult p : phases) {
      Stats s = p.stats();
      Histogram h = s.response();
      String p99 =
          h != null && h.getTotalCount() > 0 ? Durations.format(h.getValueAtPercentile(99)) : NONE;
      out.add(
          String.format(
              Locale.ROOT,
              format,
              p.name(),
              p.warmup() ? "yes" : "no",
              closed ? NONE : rate(s.offeredRate()),
              rate(s.achievedRate()),
              p99,
              s.errors()));
    }
  }

  private static String row(String label, String text) {
    return String.format(Locale.ROOT, LABEL, label) + text;
  }

  private static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%.1f/s", perSecond);
  }

  /** A ratio (0 to 1) as a percent with enough digits to tell 0.04% from 0. */
  private static String percent(double ratio) {
    double pct = ratio * 100;
    return String.format(Locale.ROOT, pct != 0 && Math.abs(pct) < 1 ? "%.3f%%" : "%.1f%%", pct);
  }

  /** Terminals and CI logs may not be UTF-8: micro becomes u, anything else outside ASCII a '?'. */
  private static String ascii(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\u00b5' || c == '\u03bc') {
        sb.append('u');
      } else if (c < 128) {
        sb.append(c);
      } else {
        sb.append('?');
        if (Character.isHighSurrogate(c)
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        }
      }
    }
    return sb.toString();
  }
}
