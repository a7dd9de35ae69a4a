package dev.harness.report;

import dev.harness.engine.model.CapacityPlan;
import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.CapacityResult;
import dev.harness.engine.result.CapacityStep;
import dev.harness.engine.result.SearchLimit;
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
  private static final String HEAD = "%4s  %-6s  %11s  %11s  %5s";
  private static final String LATENCY = "  %8s";
  private static final String TAIL = "  %7s  %4s  %s";

  private CapacityText() {}

  /** The column heads of {@link #stepLine} with p50, p99 and max. */
  public static String header() {
    return header(List.of(50.0, 99.0));
  }

  /** The column heads of {@link #stepLine} for a search by {@code plan}: its SLO's percentiles. */
  public static String header(CapacityPlan plan) {
    return header(columns(plan));
  }

  private static String header(List<Double> percentiles) {
    StringBuilder sb =
        new StringBuilder(
            String.format(Locale.ROOT, HEAD, "step", "stage", "offered", "achieved", "conns"));
    for (double p : percentiles) {
      sb.append(String.format(Locale.ROOT, LATENCY, label(p)));
    }
    sb.append(String.format(Locale.ROOT, LATENCY, "max"));
    return sb.append(String.format(Locale.ROOT, TAIL, "errors", "gen", "verdict")).toString();
  }

  /** One step as a table row with p50, p99 and max. */
  public static String stepLine(CapacityStep s) {
    return stepLine(s, List.of(50.0, 99.0));
  }

  /** One step as a table row, also printed as each step ends: the SLO's percentiles. */
  public static String stepLine(CapacityStep s, CapacityPlan plan) {
    return stepLine(s, columns(plan));
  }

  private static String stepLine(CapacityStep s, List<Double> percentiles) {
    CapacityStep.Latency l = s.latency();
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                HEAD,
                s.number(),
                s.stage().label(),
                rate(s.rate()),
                rate(s.achievedRate()),
                s.connections()));
    for (double p : percentiles) {
      sb.append(String.format(Locale.ROOT, LATENCY, at(l, p)));
    }
    sb.append(String.format(Locale.ROOT, LATENCY, l.measured() ? Durations.format(l.max()) : "-"));
    sb.append(
        String.format(
            Locale.ROOT,
            TAIL,
            percent(s.errorRatio()),
            Double.isNaN(s.generatorBusy())
                ? "-"
                : String.format(Locale.ROOT, "%.0f%%", s.generatorBusy() * 100),
            s.failedOn() == null
                ? s.verdict().label()
                : s.verdict().label() + " (" + s.failedOn() + ")"));
    return ascii(sb.toString().stripTrailing());
  }

  /**
   * The percentile columns of a search's step tables: p50 and the percentiles its SLO bounds (p95
   * when the SLO is {@code p95 < 500ms}), or p50 and p99 when it bounds none.
   */
  static List<Double> columns(CapacityPlan plan) {
    List<Double> slo = plan.sloPercentiles();
    List<Double> out = new ArrayList<>(List.of(50.0));
    if (slo.isEmpty()) {
      out.add(99.0);
    }
    slo.stream().filter(p -> p != 50.0).forEach(out::add);
    return out;
  }

  /** The column head of a percentile: {@code p95}, {@code p99.9}. */
  static String label(double p) {
    return "p" + number(p);
  }

  /** A step's value at a percentile as text; {@code -} when not measured. */
  static String at(CapacityStep.Latency l, double p) {
    long v = l.at(p);
    return l.measured() && v >= 0 ? Durations.format(v) : "-";
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
    out.add(header(plan));
    for (CapacityStep s : r.steps()) {
      out.add(stepLine(s, plan));
    }
    out.add("");
    out.add(row("capacity", capacity(r)));
    knee(r).ifPresent(k -> out.add(row("knee", k)));
    r.limit().ifPresent(l -> out.add(row("limit", limit(r, l))));
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
      StringBuilder response = new StringBuilder();
      for (double p : allPercentiles(r.plan())) {
        response.append(label(p)).append(' ').append(at(l, p)).append("  ");
      }
      return String.format(
          Locale.ROOT,
          "%s%s (step %d, offered %s): response %smax %s; achieved %s, errors %d of %d",
          r.outcome() == SearchOutcome.ABOVE_MAX ? "at least " : "",
          rate(r.capacityRate().orElse(s.rate())),
          s.number(),
          rate(s.rate()),
          response,
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

  /** p50, p90, p99, p99.9 and the SLO's own percentiles, in order. */
  private static List<Double> allPercentiles(CapacityPlan plan) {
    java.util.TreeSet<Double> all = new java.util.TreeSet<>(List.of(50.0, 90.0, 99.0, 99.9));
    all.addAll(plan.sloPercentiles());
    return new ArrayList<>(all);
  }

  /** Which limit ended the search, in words. */
  static String limit(CapacityResult r, SearchLimit limit) {
    return switch (limit) {
      case SLO -> "SLO: the lowest failing rate broke it";
      case THROUGHPUT ->
          "throughput: the target served less than it was offered (more than "
              + percent(r.plan().rateTolerance())
              + " below)"
              + r.lowestFail()
                  .or(() -> r.steps().stream().filter(s -> s.failedOn() != null).findFirst())
                  .map(s -> ", " + rate(s.achievedRate()) + " of " + rate(s.rate()))
                  .orElse("");
      case GENERATOR -> "generator: it could not hold the rate; the target's limit is higher";
      case MAX_RATE -> "max rate: every step passed up to " + rate(r.plan().max());
    };
  }

  /**
   * Where the knee lies: between the highest pass and the lowest failure, with the highest
   * percentile the SLO bounds (p99 when it bounds none).
   */
  private static Optional<String> knee(CapacityResult r) {
    Optional<CapacityStep> pass = r.highestPass();
    Optional<CapacityStep> fail = r.lowestFail();
    if (pass.isEmpty() || fail.isEmpty()) {
      return Optional.empty();
    }
    List<Double> columns = columns(r.plan());
    double p = columns.get(columns.size() - 1);
    return Optional.of(
        String.format(
            Locale.ROOT,
            "between %s (highest pass, %s %s, achieved %s) and %s (lowest failure, %s %s,"
                + " achieved %s)",
            rate(pass.get().rate()),
            label(p),
            at(pass.get().latency(), p),
            rate(pass.get().achievedRate()),
            rate(fail.get().rate()),
            label(p),
            at(fail.get().latency(), p),
            rate(fail.get().achievedRate())));
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
