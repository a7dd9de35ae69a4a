package dev.harness.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables of {@code report.html}: criteria, phases, request names, the baseline comparison,
 * faults and recovery, outcomes, the generator's health (worker restarts included) and the probe's
 * failing windows.
 *
 * <p>Stateless and thread-safe.
 */
final class HtmlTables {
  private HtmlTables() {}

  static void criteria(List<RunReport.Check> criteria, StringBuilder h) {
    h.append("<section id=\"criteria\">\n<h2>Criteria</h2>\n");
    if (criteria.isEmpty()) {
      h.append("<p>No criteria were given (<code>--assert</code>).</p>\n</section>\n");
      return;
    }
    h.append("<table class=\"data\">\n<tr><th>result</th><th>criterion</th><th>actual</th></tr>\n");
    for (RunReport.Check c : criteria) {
      String word = c.passed() ? "pass" : "fail";
      h.append("<tr class=\"")
          .append(word)
          .append("\"><td><span class=\"pill ")
          .append(word)
          .append("\">")
          .append(word.toUpperCase(Locale.ROOT))
          .append("</span></td><td><code>")
          .append(esc(c.expression()))
          .append("</code></td><td>")
          .append(esc(c.actualText()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n<p class=\"caption\">Judged on the measured phases only; warm-up is")
        .append(" excluded.</p>\n</section>\n");
  }

  static void phases(List<RunView.PhaseRow> phases, StringBuilder h) {
    h.append("<section id=\"phases\">\n<h2>Phases</h2>\n<table class=\"data num\">\n")
        .append("<tr><th>phase</th><th>warm-up</th><th>length</th><th>offered</th>")
        .append("<th>achieved</th><th>requests</th><th>p50</th><th>p99</th><th>max</th>")
        .append("<th>errors</th></tr>\n");
    for (RunView.PhaseRow p : phases) {
      h.append("<tr><th>")
          .append(esc(p.name()))
          .append("</th><td>")
          .append(p.warmup() ? "yes" : "no")
          .append("</td><td>")
          .append(esc(p.length()))
          .append("</td><td>")
          .append(esc(p.offered()))
          .append("</td><td>")
          .append(esc(p.achieved()))
          .append("</td><td>")
          .append(p.requests())
          .append("</td><td>")
          .append(esc(p.p50()))
          .append("</td><td>")
          .append(esc(p.p99()))
          .append("</td><td>")
          .append(esc(p.max()))
          .append("</td><td>")
          .append(p.errors())
          .append(" (")
          .append(esc(p.errorRate()))
          .append(")</td></tr>\n");
    }
    h.append("</table>\n</section>\n");
  }

  static void byName(RunView.ByName names, StringBuilder h) {
    if (!names.shown()) {
      return;
    }
    h.append("<section id=\"by-name\">\n<h2>Requests by name</h2>\n<table class=\"data num\">\n")
        .append("<tr><th>name</th><th>achieved</th><th>requests</th><th>p50</th><th>p90</th>")
        .append("<th>p99</th><th>max</th><th>errors</th></tr>\n");
    for (RunView.NameRow n : names.rows()) {
      h.append("<tr><th>")
          .append(esc(n.name()))
          .append("</th><td>")
          .append(esc(n.achieved()))
          .append("</td><td>")
          .append(n.requests())
          .append("</td><td>")
          .append(esc(n.p50()))
          .append("</td><td>")
          .append(esc(n.p90()))
          .append("</td><td>")
          .append(esc(n.p99()))
          .append("</td><td>")
          .append(esc(n.max()))
          .append("</td><td>")
          .append(n.errors())
          .append("</td></tr>\n");
    }
    h.append("</table>\n</section>\n");
  }

  static void comparison(Comparison c, StringBuilder h) {
    h.append("<section id=\"comparison\">\n<h2>Compared with the baseline</h2>\n<p")
        .append(c.held() ? ">" : " class=\"reason\">")
        .append(esc(c.verdict()))
        .append(". Baseline: ")
        .append(esc(ComparisonTable.describe(c.baseline())))
        .append(".</p>\n");
    for (String note : c.notes()) {
      h.append("<p class=\"warning\">").append(esc(note)).append("</p>\n");
    }
    h.append("<table class=\"data num\">\n<tr><th>metric</th><th>baseline</th><th>current</th>")
        .append("<th>change</th><th>bound</th><th>result</th></tr>\n");
    for (Comparison.Row row : c.rows()) {
      h.append("<tr><th>")
          .append(esc(row.metric()))
          .append("</th><td>")
          .append(esc(row.baseText()))
          .append("</td><td>")
          .append(esc(row.currentText()))
          .append("</td><td>")
          .append(esc(row.changeText()))
          .append("</td><td>")
          .append(row.bound() == null ? "" : esc(row.bound().limitText()))
          .append("</td><td>");
      if (row.bound() != null) {
        String word = row.exceeded() ? "fail" : "pass";
        h.append("<span class=\"pill ")
            .append(word)
            .append("\">")
            .append(row.exceeded() ? "EXCEEDED" : "OK")
            .append("</span>");
      }
      h.append("</td></tr>\n");
    }
    h.append("</table>\n</section>\n");
  }

  /** The SLO, availability and each fault's impact and recovery, when the run had them. */
  static void resilience(RunView.Faults res, StringBuilder h) {
    if (res == null) {
      return;
    }
    h.append("<section id=\"resilience\">\n<h2>Faults and recovery</h2>\n<p>SLO per second: ")
        .append(esc(res.slo()))
        .append(" (")
        .append(esc(res.sloSource()))
        .append("). Available (within the SLO): ")
        .append(esc(res.availability()))
        .append(" of ")
        .append(res.secondsJudged())
        .append(" measured seconds.");
    if (res.abort() != null) {
      h.append(" Aborted ").append(esc(res.abort())).append('.');
    }
    h.append("</p>\n");
    if (!res.outages().isEmpty()) {
      h.append("<p>Outages nobody injected:</p>\n<ul>\n");
      for (String o : res.outages()) {
        h.append("<li>").append(esc(o)).append("</li>\n");
      }
      h.append("</ul>\n");
    }
    if (!res.rows().isEmpty()) {
      h.append("<table class=\"data num\">\n<tr><th>fault</th><th>window</th><th>requests</th>")
          .append("<th>errors</th><th>p99</th><th>recovery</th></tr>\n");
      for (RunView.FaultRow f : res.rows()) {
        h.append("<tr><td>")
            .append(esc(f.fault()))
            .append("</td><td>")
            .append(esc(f.window()))
            .append("</td><td>")
            .append(f.requests())
            .append("</td><td")
            .append(f.errors() > 0 ? " class=\"bad\">" : ">")
            .append(f.errors())
            .append("</td><td>")
            .append(esc(f.p99()))
            .append("</td><td>")
            .append(esc(f.recovery()))
            .append("</td></tr>\n");
      }
      h.append("</table>\n<p>Fault windows are drawn in red on every time series. Recovery: from")
          .append(" the fault's end to the first second within the SLO, on the 1 s grid.</p>\n");
    }
    h.append("</section>\n");
  }

  /** The answers by exact status, a column per status, with its share of the requests. */
  private static void statuses(RunReport.Window m, StringBuilder h) {
    if (m.byStatus().isEmpty()) {
      return;
    }
    h.append("<h3>Answers by status</h3>\n<table class=\"data num\">\n<tr>");
    m.byStatus().keySet().forEach(s -> h.append("<th>").append(esc(s)).append("</th>"));
    h.append("</tr>\n<tr>");
    m.byStatus()
        .values()
        .forEach(
            n ->
                h.append("<td>")
                    .append(n)
                    .append(
                        m.requests() > 0
                            ? " (" + Format.percent((double) n / m.requests()) + ")"
                            : "")
                    .append("</td>"));
    h.append("</tr>\n</table>\n");
  }

  static void outcomes(RunReport r, StringBuilder h) {
    h.append("<section id=\"outcomes\">\n<h2>Outcomes of the measured phases</h2>\n")
        .append("<table class=\"data num\">\n<tr>");
    for (String label : r.measured().outcomes().keySet()) {
      h.append("<th>").append(esc(label)).append("</th>");
    }
    h.append("</tr>\n<tr>");
    // A status class is shown as bad only when some answer's status was not expected: with
    // --ok-status 200,429 the 4xx of a rate-limit test are no errors.
    long unexpected = r.measured().errors();
    for (Map.Entry<String, Long> e : r.measured().outcomes().entrySet()) {
      if (!e.getKey().endsWith("xx") && HtmlReport.isError(e.getKey())) {
        unexpected -= e.getValue();
      }
    }
    for (Map.Entry<String, Long> e : r.measured().outcomes().entrySet()) {
      boolean answers = e.getKey().endsWith("xx");
      boolean bad = HtmlReport.isError(e.getKey()) && (!answers || unexpected > 0);
      h.append("<td")
          .append(bad && e.getValue() > 0 ? " class=\"bad\"" : "")
          .append(">")
          .append(e.getValue())
          .append("</td>");
    }
    h.append("</tr>\n</table>\n");
    statuses(r.measured(), h);
    h.append("</section>\n");
  }

  static void generator(RunReport r, List<String> restarts, StringBuilder h) {
    RunReport.Generator g = r.generator();
    if (g == null) {
      return;
    }
    String health = g.health() == null ? "" : g.health();
    h.append("<section id=\"generator\">\n<h2>Load generator")
        .append(health.isEmpty() ? "" : ": <span class=\"health " + esc(health) + "\">")
        .append(esc(health.toUpperCase(Locale.ROOT)))
        .append(health.isEmpty() ? "" : "</span>")
        .append("</h2>\n");
    if (!g.heldSchedule()) {
      h.append("<p class=\"warning\">The generator could not hold its schedule: it, not the")
          .append(" target, limited this run, and its figures do not measure the target.</p>\n");
    }
    h.append("<table class=\"data\">\n");
    row(h, "workers", g.workers() + (g.cores() > 0 ? " (" + g.cores() + " cores)" : ""));
    row(
        h,
        "dispatch lag",
        "p50 "
            + Format.duration(g.lagP50())
            + ", p99 "
            + Format.duration(g.lagP99())
            + ", max "
            + Format.duration(g.lagMax())
            + "; "
            + g.lateArrivals()
            + " of "
            + g.arrivals()
            + " arrivals over "
            + Shortfall.threshold(g.lateThresholdMs())
            + " late ("
            + Format.percent(g.lateRatio() / 100)
            + ")");
    Long added = GeneratorDelay.addedNanos(r);
    if (added != null) {
      row(
          h,
          "added delay",
          Format.duration(added)
              + " (response p50 - service p50: the generator's own wait before each send)");
    }
    row(
        h,
        "timer lateness",
        "p99 " + Format.duration(g.timerP99()) + ", max " + Format.duration(g.timerMax()));
    row(
        h,
        "long ticks (>16ms)",
        g.longTicks()
            + " of "
            + g.ticks()
            + " heartbeats ("
            + Format.percent(g.longTickRatio() / 100)
            + "); green below 1%, red from 5%");
    row(
        h,
        "seconds behind",
        g.behindSeconds()
            + " of "
            + g.measuredSeconds()
            + " measured seconds (the run is invalid above "
            + g.allowedBehindSeconds()
            + ")");
    row(
        h,
        "process CPU, GC",
        (g.processCpu() == null ? Format.NONE : Format.percent(g.processCpu() / 100))
            + " of the machine; "
            + g.gcPauses()
            + " GC pauses, "
            + Format.millis(g.gcPauseMs())
            + " in all");
    for (String restart : restarts) {
      row(h, "worker restart", restart);
    }
    row(h, "sent late", Shortfall.late(g));
    row(h, "unanswered", Shortfall.missing(r.measured().outcomes()));
    h.append("</table>\n</section>\n");
    HtmlPlots.generatorPlot(r, g, h);
  }

  /** Connections opened and what they cost; TLS version, cipher, provider and handshakes. */
  static void connections(RunReport r, StringBuilder h) {
    if (r.connections() == null) {
      return;
    }
    h.append("<section id=\"connections\">\n<h2>Connections</h2>\n<table class=\"data\">\n");
    for (String[] row : r.connections().rows()) {
      row(h, row[0], row[1]);
    }
    h.append("</table>\n</section>\n");
  }

  private static void row(StringBuilder h, String label, String value) {
    h.append("<tr><th>").append(esc(label)).append("</th><td>").append(esc(value));
    h.append("</td></tr>\n");
  }

  static void probe(RunReport r, StringBuilder h) {
    RunReport.Probe p = r.probe();
    if (p == null) {
      return;
    }
    h.append("<section id=\"probe\">\n<p>Availability ")
        .append(
            esc(p.availability() == null ? Format.NONE : Format.percent(p.availability() / 100)))
        .append(": ")
        .append(p.ok())
        .append(" of ")
        .append(p.polls())
        .append(" probes in the measured phases succeeded.</p>\n");
    List<String> windows = ProbeWindows.failures(p);
    if (!windows.isEmpty()) {
      h.append("<table class=\"data\">\n<tr><th>failing</th><th>polls</th><th>why</th></tr>\n");
      for (String w : windows) {
        String[] f = w.split("\t", 3);
        h.append("<tr><td>")
            .append(esc(f[0]))
            .append("</td><td>")
            .append(esc(f[1]))
            .append("</td><td>")
            .append(esc(f[2]))
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    h.append("</section>\n");
  }

  private static String esc(String s) {
    return Xml.escape(s);
  }
}
