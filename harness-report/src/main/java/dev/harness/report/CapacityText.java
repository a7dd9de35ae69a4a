package dev.harness.report;

import dev.harness.engine.model.CapacityPlan;
import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.CapacityResult;
import dev.harness.engine.result.CapacityStep;
import dev.harness.engine.result.SearchOutcome;
import dev.harness.engine.time.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A capacity search on the terminal: what was searched, a table of every step, the capacity with
 * its step's percentiles, the knee, and the outcome on the last line. Plain ASCII. The {@code gen}
 * column is how busy the generator's threads were (share of a core per worker).
 *
 * <p>Stateless and thread-safe.
 */
public final class CapacityText {
  private static final String ROW = "%4s  %-6s  %11s  %11s  %5s  %8s  %8s  %8s  %7s  %4s  %s";

  private CapacityText() {}

  /** The column heads of {@link #stepLine}. */
  public static String header() {
    return String.format(
        Locale.ROOT,
        ROW,
        "step",
        "stage",
        "offered",
        "achieved",
        "conns",
        "p50",
        "p99",
        "max",
        "errors",
        "gen",
        "verdict");
  }

  /** One step as a table row, also printed as each step ends. */
  public static String stepLine(CapacityStep s) {
    CapacityStep.Latency l = s.latency();
    return ascii(
        String.format(
                Locale.ROOT,
                ROW,
                s.number(),
                s.stage().label(),
                rate(s.rate()),
                rate(s.achievedRate()),
                s.connections(),
                l.measured() ? Durations.format(l.p50()) : "-",
                l.measured() ? Durations.format(l.p99()) : "-",
                l.measured() ? Durations.format(l.max()) : "-",
                percent(s.errorRatio()),
                Double.isNaN(s.generatorBusy())
                    ? "-"
                    : String.format(Locale.ROOT, "%.0f%%", s.generatorBusy() * 100),
                s.verdict().label())
            .stripTrailing());
  }

  /** The whole summary, lines ending in {@code \n}, the last one {@code outcome: ...}. */
  public static String render(CapacityResult r) {
    CapacityPlan plan = r.plan();
    RunSpec base = r.base();
    List<String> out = new ArrayList<>();
    out.add(row("target", base.target().url()));
    out.add(
        row(
            "slo",
            plan.slo().stream().map(Criterion::expression).collect(Collectors.joining(", "))));
    out.add(
        row(
            "search",
            String.format(
                Locale.ROOT,
                "from %s x%s until a failure, then bisecting to %s; at most %s",
                rate(plan.start()),
                number(CapacityPlan.GROWTH),
                percent(plan.precision()),
                rate(plan.max()))));
    out.add(
        row(
            "steps",
            String.format(
                Locale.ROOT,
                "%s measured after %s warm-up, %d workers, %s, timeout %s; took %s",
                Durations.format(plan.stepNanos()),
                Durations.format(plan.warmupNanos()),
                base.workers(),
                plan.connections() > 0
                    ? plan.connections() + " connections"
                    : "connections sized per step",
                Durations.format(base.timeoutNanos()),
                Durations.format(r.elapsedNanos()))));
    out.add("");
    out.add(header());
    for (CapacityStep s : r.steps()) {
      out.add(stepLine(s));
    }
    out.add("");
    out.add(row("capacity", capacity(r)));
    knee(r).ifPresent(k -> out.add(row("knee", k)));
    r.requireMet()
        .ifPresent(
            met ->
                out.add(
                    row(
                        "require",
                        rate(plan.require()) + (met ? ": met" : ": NOT met by any passing step"))));
    out.add("");
    out.add(
        "outcome: "
            + r.outcome().label().toUpperCase(Locale.ROOT)
            + " - "
            + r.reason()
            + " (exit "
            + r.exitCode()
            + ")");
    StringBuilder sb = new StringBuilder();
    for (String line : out) {
      sb.append(line.stripTrailing()).append('\n');
    }
    return ascii(sb.toString());
  }

  private static String capacity(CapacityResult r) {
    Optional<CapacityStep> cap = r.capacity();
    if (cap.isPresent()) {
      CapacityStep s = cap.get();
      CapacityStep.Latency l = s.latency();
      return String.format(
          Locale.ROOT,
          "%s%s (step %d): response p50 %s  p90 %s  p99 %s  p99.9 %s  max %s; achieved %s, errors %d"
              + " of %d",
          r.outcome() == SearchOutcome.ABOVE_MAX ? "at least " : "",
          rate(s.rate()),
          s.number(),
          Durations.format(l.p50()),
          Durations.format(l.p90()),
          Durations.format(l.p99()),
          Durations.format(l.p999()),
          Durations.format(l.max()),
          rate(s.achievedRate()),
          s.errors(),
          s.requests());
    }
    String bound =
        r.highestPass()
            .map(s -> "; " + rate(s.rate()) + " passed, a lower bound only")
            .orElse("; no step passed");
    return switch (r.outcome()) {
      case GENERATOR_LIMIT -> "none: the GENERATOR's limit was reached first" + bound;
      case BELOW_START -> "below the start rate, " + rate(r.plan().start());
      case INTERRUPTED -> "none: interrupted" + bound;
      default -> "none: the target did not answer" + bound;
    };
  }

  /** Where the knee lies: between the highest pass and the lowest failure, with their p99. */
  private static Optional<String> knee(CapacityResult r) {
    Optional<CapacityStep> pass = r.highestPass();
    Optional<CapacityStep> fail = r.lowestFail();
    if (pass.isEmpty() || fail.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "between %s (highest pass, p99 %s) and %s (lowest failure, p99 %s, achieved %s)",
            rate(pass.get().rate()),
            p99(pass.get()),
            rate(fail.get().rate()),
            p99(fail.get()),
            rate(fail.get().achievedRate())));
  }

  private static String p99(CapacityStep s) {
    return s.latency().measured() ? Durations.format(s.latency().p99()) : "-";
  }

  private static String row(String label, String text) {
    return String.format(Locale.ROOT, "%-10s %s", label, text);
  }

  static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%.1f/s", perSecond);
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** A ratio (0 to 1) as a percent with enough digits to tell 0.04% from 0. */
  static String percent(double ratio) {
    double pct = ratio * 100;
    if (pct == Math.rint(pct)) {
      return String.format(Locale.ROOT, "%.0f%%", pct);
    }
    return String.format(Locale.ROOT, Math.abs(pct) < 1 ? "%.3f%%" : "%.1f%%", pct);
  }

  private static String ascii(String s) {
    return s.replace('\u00b5', 'u').replace('\u03bc', 'u').replaceAll("[^\\x00-\\x7f]", "?");
  }
}
