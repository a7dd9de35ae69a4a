package dev.harness.report;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The time-series plots of {@code report.html}: offered against achieved rate, response-time
 * percentiles per second, each request name's p99 per second, errors per second by outcome, the
 * generator's timer lateness and the health probe. Each is drawn by {@link SvgChart} over the run's
 * seconds, with the phases shaded and the fault windows laid over them.
 *
 * <p>Stateless and thread-safe.
 */
final class HtmlPlots {
  private static final String WARMUP_FILL = "#00000012";
  private static final String[] PHASE_FILLS = {"#4269d00d", "#ef8a1712"};

  private HtmlPlots() {}

  /**
   * The run's last interval is its tail after the final whole second, often a few milliseconds of
   * draining. Lines join one point per interval, so a point for a tail that short would weigh like
   * a whole second and end the line in a false cliff: intervals shorter than this are left out of
   * the lines (their requests are in every total and in the error bars, drawn at their width).
   */
  static final double SHORTEST_LINE_INTERVAL = 0.5;

  /**
   * The intervals a line plot draws: all but those shorter than {@link #SHORTEST_LINE_INTERVAL}.
   */
  static List<RunReport.Second> lined(List<RunReport.Second> ss) {
    return ss.stream().filter(s -> s.seconds() >= SHORTEST_LINE_INTERVAL).toList();
  }

  static void ratePlot(RunReport r, StringBuilder h) {
    List<RunReport.Second> ss = lined(r.seconds());
    double[] xs = mids(ss);
    double[] offered = new double[ss.size()];
    double[] achieved = new double[ss.size()];
    double top = 0;
    for (int i = 0; i < ss.size(); i++) {
      offered[i] = ss.get(i).offeredRate();
      achieved[i] = ss.get(i).achievedRate();
      top = Math.max(top, Math.max(r.open() ? offered[i] : 0, achieved[i]));
    }
    SvgChart c =
        timeChart("rate", "requests per second", r)
            .y(0, ChartAxis.niceMax(top), false, ChartAxis::count);
    c.line("achieved", SvgChart.BLUE, xs, achieved, true);
    if (r.open()) {
      // Drawn last and dashed: when the target keeps up, achieved lies right under it.
      c.dashed("offered", SvgChart.GRAY, xs, offered);
    }
    figure(
        h,
        "Offered and achieved rate",
        c,
        r.open()
            ? "Offered: arrivals the schedule made due in each second. Achieved: answers (any"
                + " status) completed in it. Achieved below offered means requests queued,"
                + " failed without an answer, or were never sent."
            : "Closed model: the connections set the pace, so there is no offered rate; achieved"
                + " is answers per second.");
  }

  static void latencyPlot(RunReport r, StringBuilder h) {
    List<RunReport.Second> ss = lined(r.seconds());
    double[] xs = mids(ss);
    double[][] ys = new double[4][ss.size()];
    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (int i = 0; i < ss.size(); i++) {
      RunReport.Second s = ss.get(i);
      Double[] v = {s.p50(), s.p90(), s.p99(), s.max()};
      for (int k = 0; k < 4; k++) {
        ys[k][i] = v[k] == null ? Double.NaN : v[k];
        if (v[k] != null && v[k] > 0) {
          lo = Math.min(lo, v[k]);
          hi = Math.max(hi, v[k]);
        }
      }
    }
    boolean any = hi > 0;
    double y0 = any ? Math.pow(10, Math.floor(Math.log10(lo))) : 0.1;
    double y1 = any ? Math.pow(10, Math.ceil(Math.log10(hi * 1.0001))) : 100;
    SvgChart c =
        timeChart("latency", "response time", r)
            .y(y0, y1, true, ChartAxis::millis)
            .line("p50", SvgChart.BLUE, xs, ys[0], true)
            .line("p90", SvgChart.TEAL, xs, ys[1], false)
            .line("p99", SvgChart.ORANGE, xs, ys[2], true)
            .line("max", SvgChart.RED, xs, ys[3], false);
    if (!any) {
      c.note("no answer completed");
    }
    figure(
        h,
        "Response time per second",
        c,
        "Percentiles of the response times completed in each second, on a log scale. Response"
            + " time counts from the request's intended start, so a stall shows here even when"
            + " few requests were in flight. Gaps are seconds without answers.");
  }

  static void errorsPlot(RunReport r, StringBuilder h) {
    List<RunReport.Second> ss = lined(r.seconds());
    Set<String> labels = new LinkedHashSet<>();
    for (RunReport.Second s : ss) {
      for (String label : s.outcomes().keySet()) {
        if (errorsOf(s, label) > 0) {
          labels.add(label);
        }
      }
      if (errorsOf(s, UNEXPECTED) > 0) {
        labels.add(UNEXPECTED);
      }
    }
    String[] names = labels.toArray(new String[0]);
    String[] colors = new String[names.length];
    double[][] heights = new double[names.length][ss.size()];
    double[] xs = new double[ss.size()];
    double[] widths = new double[ss.size()];
    double top = 0;
    for (int i = 0; i < ss.size(); i++) {
      xs[i] = ss.get(i).t();
      widths[i] = ss.get(i).seconds();
      double sum = 0;
      for (int k = 0; k < names.length; k++) {
        RunReport.Second s = ss.get(i);
        heights[k][i] = s.seconds() <= 0 ? 0 : errorsOf(s, names[k]) / s.seconds();
        sum += heights[k][i];
      }
      top = Math.max(top, sum);
    }
    for (int k = 0; k < names.length; k++) {
      colors[k] = outcomeColor(names[k]);
    }
    SvgChart c =
        timeChart("errors", "errors per second", r)
            .y(0, ChartAxis.niceMax(Math.max(top, 1)), false, ChartAxis::count);
    if (names.length == 0) {
      double[] zeros = new double[ss.size()];
      c.line("errors", SvgChart.RED, mids(ss), zeros, true).note("no errors in this run");
    } else {
      c.stacked(names, colors, xs, widths, heights);
    }
    figure(
        h,
        "Errors per second",
        c,
        "Error outcomes per second, stacked by kind: 4xx and 5xx answers, connections that"
            + " could not be opened, timeouts, resets, invalid answers, and arrivals never sent."
            + " Where the run expected other statuses (--ok-status, expect), answers of a status"
            + " it did not expect stack as one kind.");
  }

  static void generatorPlot(RunReport r, RunReport.Generator g, StringBuilder h) {
    List<RunReport.GeneratorSecond> ss =
        g.seconds().stream().filter(s -> s.seconds() >= SHORTEST_LINE_INTERVAL).toList();
    if (ss.isEmpty()) {
      return;
    }
    double[] xs = new double[ss.size()];
    double[] p99 = new double[ss.size()];
    double[] max = new double[ss.size()];
    double top = 1;
    int behind = 0;
    for (int i = 0; i < xs.length; i++) {
      RunReport.GeneratorSecond s = ss.get(i);
      xs[i] = s.t() + s.seconds() / 2;
      p99[i] = s.timerLatenessP99();
      max[i] = s.timerLatenessMax();
      top = Math.max(top, max[i]);
      behind += s.behind() ? 1 : 0;
    }
    SvgChart c =
        timeChart("generator-timing", "timer lateness (ms)", r)
            .y(0, ChartAxis.niceMax(Math.max(top, 20)), false, ChartAxis::millis)
            .line("p99", SvgChart.ORANGE, xs, p99, true)
            .line("max", SvgChart.RED, xs, max, false)
            .hline(g.lateThresholdMs(), "16ms long tick", SvgChart.GRAY);
    if (behind > 0) {
      c.note(behind + " second" + (behind == 1 ? "" : "s") + " behind schedule");
    }
    figure(
        h,
        "Generator timing per second",
        c,
        "How late the workers' event-loop timers fired against the time they were armed for, per"
            + " second. Above 16ms the loop (or its thread) was held: a long tick.");
  }

  static void probePlot(RunReport r, StringBuilder h) {
    RunReport.Probe p = r.probe();
    if (p == null) {
      return;
    }
    List<RunReport.Poll> ps = p.timeline();
    double[] xs = new double[ps.size()];
    double[] ok = new double[ps.size()];
    double[] failed = new double[ps.size()];
    double top = 1;
    for (int i = 0; i < xs.length; i++) {
      RunReport.Poll x = ps.get(i);
      xs[i] = x.t();
      ok[i] = x.ok() ? x.latencyMs() : Double.NaN;
      failed[i] = x.ok() ? Double.NaN : x.latencyMs();
      top = Math.max(top, x.latencyMs());
    }
    SvgChart c =
        timeChart("probe", "probe latency (ms)", r)
            .y(0, ChartAxis.niceMax(top), false, ChartAxis::millis)
            .line("ok", SvgChart.GREEN, xs, ok, true)
            .line("failed", SvgChart.RED, xs, failed, true);
    figure(
        h,
        "Health probe",
        c,
        "Each poll of "
            + p.url()
            + " on its own connection, every "
            + Format.seconds(p.intervalSeconds())
            + ": latency of the ones that succeeded (green) and failed (red).");
  }

  /** Colours of the request names' lines, in declaration order, repeating after the last. */
  private static final String[] NAME_COLORS = {
    SvgChart.BLUE, SvgChart.ORANGE, SvgChart.GREEN, SvgChart.PURPLE, SvgChart.RED,
    SvgChart.BROWN, SvgChart.PINK, SvgChart.TEAL, SvgChart.OLIVE, SvgChart.GRAY
  };

  /**
   * Each request name's p99 per second, one line per name, from the latency log's per-name lines.
   * Drawn only with two names or more; without the log's per-second lines the frame says so.
   */
  static void nameLatencyPlot(RunReport r, RunView.ByName names, StringBuilder h) {
    if (!names.shown()) {
      return;
    }
    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (List<RunReport.NameSecond> series : names.seconds().values()) {
      for (RunReport.NameSecond s : series) {
        if (s.p99() != null && s.p99() > 0) {
          lo = Math.min(lo, s.p99());
          hi = Math.max(hi, s.p99());
        }
      }
    }
    boolean any = hi > 0;
    SvgChart c =
        timeChart("latency-by-name", "p99 response time", r)
            .y(
                any ? Math.pow(10, Math.floor(Math.log10(lo))) : 0.1,
                any ? Math.pow(10, Math.ceil(Math.log10(hi * 1.0001))) : 100,
                true,
                ChartAxis::millis);
    int k = 0;
    for (RunView.NameRow row : names.rows()) {
      List<RunReport.NameSecond> series =
          names.seconds().getOrDefault(row.name(), List.of()).stream()
              .filter(s -> s.seconds() >= SHORTEST_LINE_INTERVAL)
              .toList();
      double[] xs = new double[series.size()];
      double[] ys = new double[series.size()];
      for (int i = 0; i < xs.length; i++) {
        RunReport.NameSecond s = series.get(i);
        xs[i] = s.t() + s.seconds() / 2;
        ys[i] = s.p99() == null ? Double.NaN : s.p99();
      }
      c.line(row.name(), NAME_COLORS[k++ % NAME_COLORS.length], xs, ys, true);
    }
    if (names.seconds().isEmpty()) {
      c.note("needs the per-second lines of latency.hlog");
    } else if (!any) {
      c.note("no answer completed");
    }
    figure(
        h,
        "Response time per second by request name",
        c,
        "The p99 of each request name's response times completed in each second, on a log"
            + " scale, from latency.hlog. Gaps are seconds without answers of that name.");
  }

  /** Fault windows drawn over every time series: a translucent red. */
  private static final String FAULT_FILL = "rgba(220, 38, 38, 0.14)";

  /** A chart over the run's seconds with the phases shaded. */
  static SvgChart timeChart(String id, String yLabel, RunReport r) {
    double end = 0;
    for (RunReport.Second s : r.seconds()) {
      end = Math.max(end, s.t() + s.seconds());
    }
    if (end == 0) {
      end = r.config().phases().stream().mapToDouble(RunReport.PlannedPhase::seconds).sum();
    }
    SvgChart c =
        new SvgChart(id, yLabel).x(0, end, ChartAxis.ticks(0, end, "s"), "seconds since start");
    double at = 0;
    int measured = 0;
    for (RunReport.PlannedPhase p : r.config().phases()) {
      String fill = p.warmup() ? WARMUP_FILL : PHASE_FILLS[measured++ % PHASE_FILLS.length];
      c.band(at, at + p.seconds(), p.warmup() ? p.name() + " (not judged)" : p.name(), fill);
      at += p.seconds();
    }
    if (r.resilience() != null) {
      for (RunReport.Fault f : r.resilience().faults()) {
        c.overlay(f.atSeconds(), f.endSeconds(), f.fault(), FAULT_FILL);
      }
    }
    return c;
  }

  static double[] mids(List<RunReport.Second> ss) {
    double[] xs = new double[ss.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = ss.get(i).t() + ss.get(i).seconds() / 2;
    }
    return xs;
  }

  static void figure(StringBuilder h, String title, SvgChart c, String caption) {
    h.append("<figure>\n<h2>")
        .append(esc(title))
        .append("</h2>\n")
        .append(c.render())
        .append("<figcaption>")
        .append(esc(caption))
        .append("</figcaption>\n</figure>\n");
  }

  /** The stack of answers that were errors only because their status was not expected. */
  private static final String UNEXPECTED = "unexpected status";

  /**
   * The errors of one kind in a second. Answers are errors by the statuses the run expected, which
   * a second's class counts do not say: when its errors beyond the non-answer kinds are exactly its
   * 4xx and 5xx (the default expectation) they stack by class, else under {@link #UNEXPECTED}.
   */
  private static long errorsOf(RunReport.Second s, String label) {
    long others = 0;
    long classes = 0;
    for (Map.Entry<String, Long> e : s.outcomes().entrySet()) {
      boolean answer = e.getKey().length() == 3 && e.getKey().endsWith("xx");
      if (answer && (e.getKey().startsWith("4") || e.getKey().startsWith("5"))) {
        classes += e.getValue();
      } else if (!answer && HtmlReport.isError(e.getKey())) {
        others += e.getValue();
      }
    }
    long unexpected = Math.max(0, s.errors() - others);
    boolean byClass = unexpected == classes;
    if (label.equals(UNEXPECTED)) {
      return byClass ? 0 : unexpected;
    }
    if (label.equals("4xx") || label.equals("5xx")) {
      return byClass ? s.outcomes().getOrDefault(label, 0L) : 0;
    }
    return HtmlReport.isError(label) && !label.endsWith("xx")
        ? s.outcomes().getOrDefault(label, 0L)
        : 0;
  }

  private static String outcomeColor(String label) {
    return switch (label) {
      case "4xx" -> SvgChart.ORANGE;
      case "5xx" -> SvgChart.RED;
      case "connect_error" -> SvgChart.PURPLE;
      case "timeout" -> SvgChart.BROWN;
      case "reset", "stream_reset", "refused_stream", "goaway" -> SvgChart.PINK;
      case "protocol_error" -> SvgChart.OLIVE;
      case "unsent" -> SvgChart.GRAY;
      default -> SvgChart.TEAL;
    };
  }

  private static String esc(String s) {
    return Xml.escape(s);
  }
}
