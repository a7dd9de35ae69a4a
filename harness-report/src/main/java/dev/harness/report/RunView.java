package dev.harness.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the text, HTML, Markdown and JUnit writers show of a run, one record per section, with each
 * figure already written as text ({@link Format}). Made once from a {@link RunReport}; every writer
 * lays out the same rows, so a field added to a section here shows in every format, and a figure
 * reads the same in each (a fault's recovery, a restart's line).
 *
 * <p>Immutable; {@link #of} is stateless and thread-safe.
 *
 * @param headline the verdict and what was run
 * @param percentiles response and service time of the measured phases
 * @param byName each request name, and its per-second latency when the log had it
 * @param phases each phase, warm-up included
 * @param restarts the workers that threw, one line each; empty when none did
 * @param criteria each criterion as judged
 * @param faults SLO, availability and each fault's impact and recovery; null for a run without
 */
record RunView(
    Headline headline,
    Percentiles percentiles,
    ByName byName,
    List<PhaseRow> phases,
    List<String> restarts,
    List<RunReport.Check> criteria,
    Faults faults) {

  /** Column heads of every percentile table. */
  static final List<String> PERCENTILE_HEADS =
      List.of("p50", "p90", "p99", "p99.9", "p99.99", "max", "mean");

  static RunView of(RunReport r) {
    RunReport.Window m = r.measured();
    return new RunView(
        new Headline(
            r.verdict().toUpperCase(Locale.ROOT),
            r.reason() == null || r.reason().isBlank() ? null : r.reason(),
            title(r)),
        new Percentiles(
            List.of(
                new LatencyRow("response", cells(m.response())),
                new LatencyRow("service", cells(m.service())))),
        new ByName(r.byName().stream().map(RunView::nameRow).toList(), r.nameSeconds()),
        r.phases().stream().map(p -> phaseRow(p, r.open())).toList(),
        r.generator() == null
            ? List.of()
            : r.generator().restarts().stream().map(RunView::restart).toList(),
        r.criteria(),
        r.resilience() == null ? null : faults(r.resilience()));
  }

  /**
   * What a report is titled by: a scenario's name, as its author called it; else the one request
   * the flags gave, method and target.
   */
  static String title(RunReport r) {
    String scenario = r.run() == null ? null : r.run().scenarioName();
    return scenario != null ? scenario : r.config().method() + " " + r.target();
  }

  /**
   * The verdict in capitals, why it is not a pass (null when none is given), and the {@link
   * #title}.
   */
  record Headline(String verdict, String reason, String title) {}

  /** One row of a percentile table: a name and {@link #PERCENTILE_HEADS} cells. */
  record LatencyRow(String name, List<String> cells) {}

  record Percentiles(List<LatencyRow> rows) {}

  /** One request name over the measured phases. */
  record NameRow(
      String name,
      String achieved,
      long requests,
      String p50,
      String p90,
      String p99,
      String max,
      long errors) {}

  /**
   * The request names; {@code seconds} each name's per-second latency (may lack a name, or be
   * empty, when no latency log was at hand).
   */
  record ByName(List<NameRow> rows, Map<String, List<RunReport.NameSecond>> seconds) {
    /** Worth a section of its own: with one name it repeats the run's own figures. */
    boolean shown() {
      return rows.size() > 1;
    }
  }

  /** One phase; {@code offered} is {@link Format#NONE} in the closed model. */
  record PhaseRow(
      String name,
      boolean warmup,
      String length,
      String offered,
      String achieved,
      long requests,
      String p50,
      String p99,
      String max,
      long errors,
      String errorRate) {}

  /**
   * The resilience section.
   *
   * @param slo the SLO's criteria, joined
   * @param sloSource where the SLO came from: {@code given}, {@code from the criteria}, {@code
   *     default}
   * @param availability share of judged seconds within the SLO, {@link Format#NONE} when none
   * @param abort what stopped the run early, as a sentence; null when nothing did
   */
  record Faults(
      String slo,
      String sloSource,
      String availability,
      long secondsJudged,
      long secondsWithinSlo,
      String abort,
      List<FaultRow> rows,
      List<String> outages) {}

  /** One fault window: where it lay, what it did, how soon the target recovered after it. */
  record FaultRow(
      String fault, String window, long requests, long errors, String p99, String recovery) {}

  private static List<String> cells(Latency l) {
    List<String> cells = new ArrayList<>();
    for (Long v : new Long[] {l.p50(), l.p90(), l.p99(), l.p999(), l.p9999(), l.max(), l.mean()}) {
      cells.add(Format.duration(v));
    }
    return List.copyOf(cells);
  }

  private static NameRow nameRow(RunReport.Named n) {
    Latency l = n.response();
    return new NameRow(
        n.name(),
        Format.rate(n.achievedRate()),
        n.requests(),
        Format.duration(l.p50()),
        Format.duration(l.p90()),
        Format.duration(l.p99()),
        Format.duration(l.max()),
        n.errors());
  }

  private static PhaseRow phaseRow(RunReport.Phase p, boolean open) {
    RunReport.Window s = p.stats();
    return new PhaseRow(
        p.name(),
        p.warmup(),
        Format.seconds(s.seconds()),
        open ? Format.rate(s.offeredRate()) : Format.NONE,
        Format.rate(s.achievedRate()),
        s.requests(),
        Format.duration(s.response().p50()),
        Format.duration(s.response().p99()),
        Format.duration(s.response().max()),
        s.errors(),
        Format.percent(s.errorRate() / 100));
  }

  /** {@code worker 1 threw at 2.0s (boom): restarted after 1s}. */
  static String restart(RunReport.Restart r) {
    return String.format(
        Locale.ROOT,
        "worker %d threw at %.1fs (%s): %s",
        r.worker(),
        r.atSeconds(),
        r.error(),
        r.gaveUp()
            ? "one failure too many, it stopped sending"
            : String.format(Locale.ROOT, "restarted after %.0fs", r.backoffSeconds()));
  }

  private static Faults faults(RunReport.Resilience res) {
    RunReport.Abort a = res.abort();
    return new Faults(
        String.join(", ", res.slo()),
        switch (res.sloSource()) {
          case "slo" -> "given";
          case "criteria" -> "from the criteria";
          default -> "default";
        },
        res.secondsJudged() == 0 || res.availability() == null
            ? Format.NONE
            : String.format(Locale.ROOT, "%.2f%%", res.availability()),
        res.secondsJudged(),
        res.secondsWithinSlo(),
        a == null
            ? null
            : String.format(
                Locale.ROOT,
                "at %s: '%s' held (actual %s)",
                shortSeconds(a.atSeconds()),
                a.criterion(),
                a.actualText()),
        res.faults().stream().map(RunView::faultRow).toList(),
        res.outages().stream().map(RunView::outage).toList());
  }

  /** {@code 12s-15s (3.00s), recovered 0ms after}: an outage nobody injected, in one phrase. */
  private static String outage(RunReport.Outage o) {
    return shortSeconds(o.startSeconds())
        + "-"
        + shortSeconds(o.endSeconds())
        + " ("
        + Format.seconds(o.endSeconds() - o.startSeconds())
        + "), "
        + (o.recoverySeconds() == null
            ? "not recovered before the end"
            : ("probe".equals(o.source()) ? "probe ok again " : "SLO held again ")
                + Format.seconds(o.recoverySeconds())
                + " after it")
        + ("probe".equals(o.source()) ? " (failed probe polls)" : "");
  }

  private static FaultRow faultRow(RunReport.Fault f) {
    return new FaultRow(
        f.fault(),
        shortSeconds(f.atSeconds()) + "-" + shortSeconds(f.endSeconds()),
        f.requests(),
        f.errors(),
        Format.duration(f.p99()),
        recovery(f));
  }

  /** From the fault's end to the first second within the SLO; the grid is 1 s, hence "<=". */
  private static String recovery(RunReport.Fault f) {
    if (!f.recovered() || f.recoverySeconds() == null) {
      return "not recovered";
    }
    return f.recoverySeconds() == 0 ? "0s" : "<= " + Format.seconds(f.recoverySeconds());
  }

  /** Seconds from the run start: {@code 2s}, {@code 2.5s}. */
  static String shortSeconds(double s) {
    return s == Math.rint(s)
        ? String.format(Locale.ROOT, "%.0fs", s)
        : String.format(Locale.ROOT, "%.1fs", s);
  }
}
