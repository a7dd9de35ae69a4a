package dev.harness.report;

import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.time.Durations;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
  static final String NONE = Format.NONE;

  private static final String LABEL = "%-11s";
  private static final String CELL = "%9s";

  private TextSummary() {}

  /** The summary of a run that just ended, lines ending in {@code \n}. */
  public static String render(RunResult r) {
    return render(RunReport.of(r, null), false);
  }

  /**
   * The summary, lines ending in {@code \n}, the last one {@code verdict: ...}. With {@code
   * distribution}, the response-time percentile distribution follows the latency table, as wrk2
   * prints it with {@code --latency}.
   */
  public static String render(RunReport r, boolean distribution) {
    RunView v = RunView.of(r);
    List<String> out = new ArrayList<>();
    setup(r, out);
    out.add("");
    throughput(r, out);
    out.add("");
    latency(v.percentiles(), out);
    if (distribution) {
      out.add("");
      out.addAll(LatencyDistribution.lines(r.measured().response(), r.measured().service()));
    }
    out.add("");
    if (r.generator() != null) {
      generator(
          r.generator(),
          v.restarts(),
          GeneratorDelay.line(r),
          r.run() == null ? null : r.run().jitLabel(),
          out);
    }
    if (r.probe() != null) {
      probe(r.probe(), out);
    }
    if (r.connections() != null) {
      for (String[] row : r.connections().rows()) {
        out.add(row(row[0], row[1]));
      }
    }
    WebSocketBlock.rowsOf(r).forEach(row -> out.add(row(row[0], row[1])));
    String drift = DriftText.of(r);
    if (drift != null) {
      out.add(row("drift", drift));
    }
    TargetText.rows(r).forEach(row -> out.add(row(row[0], row[1])));
    if (r.phases().size() > 1) {
      out.add("");
      phases(v.phases(), out);
    }
    if (v.byName().shown()) {
      out.add("");
      byName(v.byName().rows(), out);
    }
    if (v.faults() != null) {
      out.add("");
      resilience(v.faults(), out);
    }
    if (!v.criteria().isEmpty()) {
      out.add("");
      criteria(v.criteria(), out);
    }
    if (!r.checkFailures().isEmpty()) {
      out.add("");
      out.addAll(FailedChecks.text(r.checkFailures()));
    }
    out.add("");
    String verdict = "verdict: " + v.headline().verdict();
    if (v.headline().reason() != null) {
      verdict += " - " + v.headline().reason();
    }
    out.add(verdict);

    StringBuilder sb = new StringBuilder();
    for (String line : out) {
      sb.append(line.stripTrailing()).append('\n');
    }
    return ascii(sb.toString());
  }

  /** What was asked: target, load model, concurrency, durations. */
  private static void setup(RunReport r, List<String> out) {
    RunReport.Config c = r.config();
    double warmup = r.warmupSeconds();
    if (r.run() != null && r.run().scenario() != null) {
      out.add(row("scenario", r.run().scenario()));
    }
    if (r.byName().size() > 1) {
      List<String> names = r.byName().stream().map(RunReport.Named::name).toList();
      String shown =
          names.size() <= 6
              ? String.join(", ", names)
              : String.join(", ", names.subList(0, 5)) + ", ...";
      out.add(row("target", r.target() + "  (" + names.size() + " requests: " + shown + ")"));
    } else {
      out.add(row("target", c.method() + " " + r.target()));
    }
    out.add(
        row(
            "load",
            String.format(
                Locale.ROOT,
                "%s model, %d workers, %d connections, timeout %s",
                c.model(),
                c.workers(),
                c.connections(),
                Durations.format(Math.round(c.timeoutMs() * 1e6)))));
    if (r.http2() != null) {
      out.add(row("http2", r.http2().describe()));
    }
    out.add(
        row(
            "duration",
            seconds(r.measured().seconds())
                + " measured"
                + (warmup > 0 ? " after " + seconds(warmup) + " warm-up" : ", no warm-up")
                + (r.startedAt() == null
                    ? ""
                    : ", started " + r.startedAt().truncatedTo(ChronoUnit.SECONDS))));
  }

  /** Requests, offered against achieved rate, outcomes. */
  private static void throughput(RunReport r, List<String> out) {
    RunReport.Window m = r.measured();
    boolean closed = !r.open();
    out.add(
        row(
            "requests",
            closed
                ? String.format(
                    Locale.ROOT,
                    "%d in %s, achieved %s (closed model: the connections set the pace)",
                    m.requests(),
                    seconds(m.seconds()),
                    rate(m.achievedRate()))
                : flows(r)
                    ? String.format(
                        Locale.ROOT,
                        "%d in %s, achieved %s, from %d arrivals offered at %s (flows of several"
                            + " steps)",
                        m.requests(),
                        seconds(m.seconds()),
                        rate(m.achievedRate()),
                        m.scheduled(),
                        rate(m.offeredRate()))
                    : String.format(
                        Locale.ROOT,
                        "%d in %s, offered %s, achieved %s",
                        m.requests(),
                        seconds(m.seconds()),
                        rate(m.offeredRate()),
                        rate(m.achievedRate()))));
    if (!closed
        && !flows(r)
        && m.offeredRate() > 0
        && m.achievedRate() < SHORTFALL_BELOW * m.offeredRate()) {
      out.add(row("", shortfall(m)));
    }
    out.add(
        row(
            "outcomes",
            nonZeroOutcomes(m.outcomes())
                + String.format(
                    Locale.ROOT, "   errors %d (%s)", m.errors(), percent(m.errorRate() / 100))));
    String byStatus = StatusText.of(m.byStatus(), m.requests());
    if (byStatus != null) {
      out.add(row("by status", byStatus));
    }
    if (!closed) {
      out.add(row("sent late", Shortfall.late(r.generator())));
    }
    out.add(row("unanswered", Shortfall.missing(m.outcomes())));
    errorReasons(r.errorReasons(), out);
  }

  /** The most frequent reasons for protocol and request errors, one line each. */
  private static void errorReasons(List<RunReport.ErrorReason> reasons, List<String> out) {
    int shown = 0;
    for (RunReport.ErrorReason e : reasons) {
      if (shown++ == 5) {
        out.add(row("", (reasons.size() - 5) + " more reasons in result.json"));
        break;
      }
      String kind = e.outcome().equals("request_error") ? "req error" : "protocol";
      out.add(row(kind, e.reason() + ": " + e.count()));
    }
  }

  private static void latency(RunView.Percentiles p, List<String> out) {
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, LABEL, "latency"));
    for (String h : RunView.PERCENTILE_HEADS) {
      head.append(String.format(Locale.ROOT, CELL, h));
    }
    out.add(head.toString());
    for (RunView.LatencyRow row : p.rows()) {
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, LABEL, row.name()));
      for (String cell : row.cells()) {
        sb.append(String.format(Locale.ROOT, CELL, cell));
      }
      out.add(sb.toString());
    }
    out.add(
        row(
            "",
            "response time = from intended start (includes queueing); service time = from send"));
  }

  private static void generator(
      RunReport.Generator g, List<String> restarts, String delay, String jit, List<String> out) {
    String health = g.health() == null ? "" : g.health().toUpperCase(Locale.ROOT) + ": ";
    out.add(
        row(
            "generator",
            String.format(
                Locale.ROOT,
                "%s%d workers, dispatch lag p99 %s, timer lateness p99 %s max %s,",
                health,
                g.workers(),
                g.lagP99() != null ? Durations.format(g.lagP99()) : NONE,
                duration(g.timerP99()),
                duration(g.timerMax()))));
    if (delay != null) {
      out.add(row("", delay));
    }
    out.add(
        row(
            "",
            String.format(
                Locale.ROOT,
                "long ticks (>16ms) %d of %d (%s), behind in %d of %d measured seconds (limit %d)",
                g.longTicks(),
                g.ticks(),
                percent(g.longTickRatio() / 100),
                g.behindSeconds(),
                g.measuredSeconds(),
                g.allowedBehindSeconds())));
    out.add(
        row(
            "",
            String.format(
                Locale.ROOT,
                "process CPU %s of %d cores, GC pauses %d (%s)%s",
                g.processCpu() == null ? NONE : percent(g.processCpu() / 100),
                g.cores(),
                g.gcPauses(),
                Durations.format(Math.round(g.gcPauseMs() * 1e6)),
                jit == null ? "" : ", JIT " + jit)));
    for (String restart : restarts) {
      out.add(row("", restart));
    }
    String cores = GeneratorHealth.coresWarning(g.workers(), g.cores());
    if (cores != null) {
      out.add(row("", "WARNING: " + cores));
    }
    if (!g.heldSchedule()) {
      out.add(
          row(
              "",
              "WARNING: the load generator could not hold its schedule. The generator, not the"));
      out.add(row("", "target, limited this run: its latency and rate figures do not measure the"));
      out.add(row("", "target."));
    }
  }

  private static void probe(RunReport.Probe p, List<String> out) {
    out.add(
        row(
            "probe",
            String.format(
                Locale.ROOT,
                "%s every %s: availability %s (%d of %d ok)",
                p.url(),
                seconds(p.intervalSeconds()),
                p.availability() == null ? NONE : percent(p.availability() / 100),
                p.ok(),
                p.polls())));
    for (String w : ProbeWindows.failures(p)) {
      String[] f = w.split("\t", 3);
      out.add(row("", "failing " + f[0] + ": " + f[1] + " polls, " + f[2]));
    }
  }

  /** SLO and availability, then one line per fault: impact during it and recovery after it. */
  private static void resilience(RunView.Faults res, List<String> out) {
    out.add(row("slo", res.slo() + " per second (" + res.sloSource() + ")"));
    out.add(
        row(
            "available",
            res.availability().equals(NONE)
                ? NONE
                : String.format(
                    Locale.ROOT,
                    "%s of seconds within the SLO (%d of %d)",
                    res.availability(),
                    res.secondsWithinSlo(),
                    res.secondsJudged())));
    if (res.abort() != null) {
      out.add(row("aborted", res.abort()));
    }
    for (String o : res.outages()) {
      out.add(row("outage", o));
    }
    if (res.rows().isEmpty()) {
      return;
    }
    out.add("faults");
    String format = "  %-28s %-16s %9s %8s %9s  %s";
    out.add(
        String.format(
            Locale.ROOT, format, "fault", "window", "requests", "errors", "p99", "recovery"));
    for (RunView.FaultRow f : res.rows()) {
      out.add(
          String.format(
              Locale.ROOT,
              format,
              f.fault(),
              f.window(),
              f.requests(),
              f.errors(),
              f.p99(),
              f.recovery()));
    }
    out.add(
        row("", "recovery: from the fault's end to the first second within the SLO (1 s grid)"));
  }

  private static void criteria(List<RunReport.Check> criteria, List<String> out) {
    out.add("criteria");
    for (RunReport.Check c : criteria) {
      out.add(
          String.format(
              Locale.ROOT,
              "  %-4s  %s  (actual %s)",
              c.passed() ? "PASS" : "FAIL",
              c.expression(),
              c.actualText()));
    }
  }

  private static String shortfall(RunReport.Window m) {
    double missing = 1 - m.achievedRate() / m.offeredRate();
    return String.format(
        Locale.ROOT,
        "achieved is %s below offered: %d of %d arrivals got no answer (why: below)",
        percent(missing),
        m.requests() - responses(m.outcomes()),
        m.requests());
  }

  /** Answers of any status among the outcomes. */
  static long responses(Map<String, Long> outcomes) {
    long n = 0;
    for (Outcome o : Outcome.values()) {
      if (o.isResponse()) {
        n += outcomes.getOrDefault(o.label(), 0L);
      }
    }
    return n;
  }

  private static String nonZeroOutcomes(Map<String, Long> counts) {
    StringBuilder sb = new StringBuilder();
    counts.forEach(
        (label, n) -> {
          if (n != 0) {
            sb.append(sb.length() == 0 ? "" : ", ").append(label).append(' ').append(n);
          }
        });
    return sb.length() == 0 ? "none" : sb.toString();
  }

  private static String duration(Long nanos) {
    return Format.duration(nanos);
  }

  private static String seconds(double s) {
    return Format.seconds(s);
  }

  /** Whether arrivals run flows of several requests, so requests outnumber arrivals. */
  private static boolean flows(RunReport r) {
    return r.byName().size() > 1 && r.measured().requests() != r.measured().scheduled();
  }

  private static void byName(List<RunView.NameRow> names, List<String> out) {
    int width = "request".length();
    for (RunView.NameRow n : names) {
      width = Math.max(width, n.name().length());
    }
    String format = "  %-" + width + "s  %10s  %9s  %9s  %9s  %8s";
    out.add("requests by name");
    out.add(
        String.format(
            Locale.ROOT, format, "request", "achieved", "requests", "p50", "p99", "errors"));
    for (RunView.NameRow n : names) {
      out.add(
          String.format(
              Locale.ROOT,
              format,
              n.name(),
              n.achieved(),
              n.requests(),
              n.p50(),
              n.p99(),
              n.errors()));
    }
  }

  private static void phases(List<RunView.PhaseRow> phases, List<String> out) {
    int width = "phase".length();
    for (RunView.PhaseRow p : phases) {
      width = Math.max(width, p.name().length());
    }
    String format = "  %-" + width + "s  %-6s  %10s  %10s  %9s  %8s";
    out.add("phases");
    out.add(
        String.format(
            Locale.ROOT, format, "phase", "warmup", "offered", "achieved", "p99", "errors"));
    for (RunView.PhaseRow p : phases) {
      out.add(
          String.format(
              Locale.ROOT,
              format,
              p.name(),
              p.warmup() ? "yes" : "no",
              p.offered(),
              p.achieved(),
              p.p99(),
              p.errors()));
    }
  }

  private static String row(String label, String text) {
    return String.format(Locale.ROOT, LABEL, label) + text;
  }

  private static String rate(double perSecond) {
    return Format.rate(perSecond);
  }

  private static String percent(double ratio) {
    return Format.percent(ratio);
  }

  private static String ascii(String s) {
    return Format.ascii(s);
  }
}
