package dev.harness.report;

import dev.harness.engine.result.Outcome;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * {@code report.html}: one self-contained page per run, viewable without network: the styles, the
 * plots (inline SVG drawn here) and a tiny self-check script are all in the file. Plots: offered
 * against achieved rate, response-time percentiles per second, the percentile distribution on a
 * 1/(1-q) axis, errors per second by outcome; phases are shaded. Tables: key figures, criteria,
 * phases, outcomes, generator health, and the run's metadata.
 *
 * <p>Stateless and thread-safe. The output depends on the report only (no clock, no locale), so
 * re-rendering saved files gives the same bytes.
 */
public final class HtmlReport {
  private static final String WARMUP_FILL = "#00000012";
  private static final String[] PHASE_FILLS = {"#4269d00d", "#ef8a1712"};

  private HtmlReport() {}

  public static String render(RunReport r) {
    return render(r, null);
  }

  /** The page; {@code comparison} (may be null) adds a section comparing with a baseline. */
  public static String render(RunReport r, Comparison comparison) {
    StringBuilder h = new StringBuilder(64 * 1024);
    String verdict = r.verdict().toUpperCase(Locale.ROOT);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>harness ")
        .append(esc(verdict))
        .append(" - ")
        .append(esc(r.config().method() + " " + r.target()))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<main>\n");
    header(r, h);
    figures(r, h);
    criteria(r, h);
    ratePlot(r, h);
    latencyPlot(r, h);
    distribution(r, h);
    errorsPlot(r, h);
    if (comparison != null) {
      comparison(comparison, h);
    }
    phases(r, h);
    byName(r, h);
    outcomes(r, h);
    generator(r, h);
    probe(r, h);
    h.append("<footer>Rendered by harness from result.json")
        .append(r.responseHistogram() != null ? " and latency.hlog" : "")
        .append(". Latency is measured from each request's intended start.</footer>\n");
    h.append("</main>\n<script>\n").append(SELF_CHECK).append("</script>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void header(RunReport r, StringBuilder h) {
    String v = r.verdict().toLowerCase(Locale.ROOT);
    h.append("<header>\n<h1><span class=\"verdict ")
        .append(esc(v))
        .append("\">")
        .append(esc(v.toUpperCase(Locale.ROOT)))
        .append("</span> ")
        .append(esc(r.config().method() + " " + r.target()))
        .append("</h1>\n");
    if (r.reason() != null && !r.reason().isBlank()) {
      h.append("<p class=\"reason\">").append(esc(r.reason())).append("</p>\n");
    }
    RunInfo info = r.run();
    RunReport.Config c = r.config();
    h.append("<table class=\"meta\">\n");
    meta(h, "started", r.startedAt() == null ? "-" : started(r));
    meta(
        h,
        "duration",
        Format.seconds(r.measured().seconds())
            + " measured"
            + (r.warmupSeconds() > 0
                ? " after " + Format.seconds(r.warmupSeconds()) + " warm-up"
                : ", no warm-up"));
    meta(
        h,
        "load",
        String.format(
            Locale.ROOT,
            "%s model, %d workers, %d connections, timeout %s",
            c.model(),
            c.workers(),
            c.connections(),
            Format.seconds(c.timeoutMs() / 1e3)));
    meta(
        h,
        "scenario",
        info == null || info.scenario() == null ? "command-line flags" : info.scenario());
    if (info != null) {
      h.append("<tr><th>command</th><td><code>")
          .append(esc(info.command()))
          .append("</code></td></tr>\n");
      meta(h, "machine", info.machine());
      meta(h, "version", "harness " + info.version());
    }
    h.append("</table>\n</header>\n");
  }

  private static String started(RunReport r) {
    return DateTimeFormatter.ISO_INSTANT
        .format(r.startedAt().truncatedTo(ChronoUnit.SECONDS))
        .replace('T', ' ');
  }

  private static void meta(StringBuilder h, String key, String value) {
    h.append("<tr><th>")
        .append(esc(key))
        .append("</th><td>")
        .append(esc(value))
        .append("</td></tr>\n");
  }

  /** The few numbers a reader looks for first. */
  private static void figures(RunReport r, StringBuilder h) {
    RunReport.Window m = r.measured();
    h.append("<section class=\"cards\" id=\"figures\">\n");
    card(h, "requests", Long.toString(m.requests()), "measured");
    if (r.open()) {
      card(h, "offered", Format.rate(m.offeredRate()), "arrivals per second");
    }
    card(h, "achieved", Format.rate(m.achievedRate()), "answers per second");
    card(
        h,
        "errors",
        Long.toString(m.errors()),
        Format.percent(m.errorRate() / 100) + " of requests");
    card(h, "p50", Format.duration(m.response().p50()), "response time");
    card(h, "p99", Format.duration(m.response().p99()), "response time");
    card(h, "p99.9", Format.duration(m.response().p999()), "response time");
    card(h, "max", Format.duration(m.response().max()), "response time");
    h.append("</section>\n");
  }

  private static void card(StringBuilder h, String name, String value, String note) {
    h.append("<div class=\"card\" data-figure=\"")
        .append(esc(name))
        .append("\"><div class=\"name\">")
        .append(esc(name))
        .append("</div><div class=\"value\">")
        .append(esc(value))
        .append("</div><div class=\"note\">")
        .append(esc(note))
        .append("</div></div>\n");
  }

  private static void criteria(RunReport r, StringBuilder h) {
    h.append("<section id=\"criteria\">\n<h2>Criteria</h2>\n");
    if (r.criteria().isEmpty()) {
      h.append("<p>No criteria were given (<code>--assert</code>).</p>\n</section>\n");
      return;
    }
    h.append("<table class=\"data\">\n<tr><th>result</th><th>criterion</th><th>actual</th></tr>\n");
    for (RunReport.Check c : r.criteria()) {
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

  private static void ratePlot(RunReport r, StringBuilder h) {
    List<RunReport.Second> ss = r.seconds();
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
            .y(0, SvgChart.niceMax(top), false, SvgChart::count);
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

  private static void latencyPlot(RunReport r, StringBuilder h) {
    List<RunReport.Second> ss = r.seconds();
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
            .y(y0, y1, true, SvgChart::millis)
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

  private static void distribution(RunReport r, StringBuilder h) {
    Latency response = r.measured().response();
    Latency service = r.measured().service();
    SvgChart c = new SvgChart("distribution", "latency");
    double maxX = 2;
    double minY = Double.MAX_VALUE;
    double maxY = 0;
    List<double[]> curves = new ArrayList<>();
    for (Latency l : List.of(response, service)) {
      double[][] pts = l.histogram() == null || !l.measured() ? null : curve(l.histogram());
      curves.add(pts == null ? null : pts[0]);
      curves.add(pts == null ? null : pts[1]);
      if (pts != null && pts[0].length > 0) {
        maxX = Math.max(maxX, Math.ceil(pts[0][pts[0].length - 1]));
        maxY = Math.max(maxY, l.max() / 1e6);
        minY = Math.min(minY, Math.max(l.min(), 1) / 1e6);
      }
    }
    // Log scales both ways: the tail (a timeout, a stall) is often 1000 times the median, and a
    // linear latency axis would flatten everything below it into the floor.
    boolean any = maxY > 0;
    c.x(0, maxX, quantileTicks(maxX), "percentile (log scale of 1/(1-q))")
        .y(
            any ? Math.pow(10, Math.floor(Math.log10(minY))) : 0.1,
            any ? Math.pow(10, Math.ceil(Math.log10(maxY * 1.0001))) : 100,
            true,
            SvgChart::millis);
    if (curves.get(0) != null) {
      c.line("response time", SvgChart.BLUE, curves.get(0), curves.get(1), true);
    }
    if (curves.get(2) != null) {
      c.line("service time", SvgChart.ORANGE, curves.get(2), curves.get(3), true);
    }
    if (curves.get(0) == null && curves.get(2) == null) {
      c.note(
          response.histogram() == null
              ? "needs latency.hlog next to result.json"
              : "no latency recorded");
    } else if (response.max() != null) {
      c.hline(response.max() / 1e6, "max " + Format.duration(response.max()), SvgChart.GRAY);
    }
    h.append("<section id=\"distribution\">\n");
    figure(
        h,
        "Latency distribution",
        c,
        "Every percentile of the measured phases, from HdrHistogram: the further right, the"
            + " rarer (90%, 99%, 99.9%, ...); latency on a log scale. Response time counts from"
            + " the intended start,"
            + " service time from the moment the request was written; the gap between them is"
            + " time spent waiting for a connection.");
    percentileTable(r, h);
    h.append("</section>\n");
  }

  /** x = log10(1/(1-q)) and y in ms of HdrHistogram's percentile iteration, max excluded. */
  private static double[][] curve(Histogram hist) {
    List<double[]> pts = new ArrayList<>();
    for (HistogramIterationValue v : hist.percentiles(LatencyDistribution.TICKS_PER_HALF)) {
      double q = v.getPercentileLevelIteratedTo() / 100;
      if (q >= 1) {
        break;
      }
      pts.add(new double[] {Math.log10(1 / (1 - q)), v.getValueIteratedTo() / 1e6});
    }
    double[][] out = new double[2][pts.size()];
    for (int i = 0; i < pts.size(); i++) {
      out[0][i] = pts.get(i)[0];
      out[1][i] = pts.get(i)[1];
    }
    return out;
  }

  private static List<SvgChart.Tick> quantileTicks(double maxX) {
    List<SvgChart.Tick> t = new ArrayList<>();
    String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%", "99.99999%"};
    for (int i = 0; i <= maxX && i < labels.length; i++) {
      t.add(new SvgChart.Tick(i, labels[i]));
    }
    return t;
  }

  private static void percentileTable(RunReport r, StringBuilder h) {
    String[] heads = {"p50", "p90", "p99", "p99.9", "p99.99", "max", "mean"};
    h.append("<table class=\"data num\" id=\"percentiles\">\n<tr><th>latency</th>");
    for (String s : heads) {
      h.append("<th>").append(s).append("</th>");
    }
    h.append("</tr>\n");
    for (String name : List.of("response", "service")) {
      Latency l = name.equals("response") ? r.measured().response() : r.measured().service();
      h.append("<tr data-latency=\"").append(name).append("\"><th>").append(name).append("</th>");
      for (Long v :
          new Long[] {l.p50(), l.p90(), l.p99(), l.p999(), l.p9999(), l.max(), l.mean()}) {
        h.append("<td>").append(esc(Format.duration(v))).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static void errorsPlot(RunReport r, StringBuilder h) {
    List<RunReport.Second> ss = r.seconds();
    Set<String> labels = new LinkedHashSet<>();
    for (RunReport.Second s : ss) {
      for (Map.Entry<String, Long> e : s.outcomes().entrySet()) {
        if (isError(e.getKey()) && e.getValue() > 0) {
          labels.add(e.getKey());
        }
      }
    }
    String[] names = labels.toArray(new String[0]);
    String[] colors = new String[names.length];
    double[][] heights = new double[names.length][ss.size()];
    double[] xs = new double[ss.size()];
    double top = 0;
    for (int i = 0; i < ss.size(); i++) {
      xs[i] = ss.get(i).t();
      double sum = 0;
      for (int k = 0; k < names.length; k++) {
        heights[k][i] = ss.get(i).ratePerSecond(names[k]);
        sum += heights[k][i];
      }
      top = Math.max(top, sum);
    }
    for (int k = 0; k < names.length; k++) {
      colors[k] = outcomeColor(names[k]);
    }
    SvgChart c =
        timeChart("errors", "errors per second", r)
            .y(0, SvgChart.niceMax(Math.max(top, 1)), false, SvgChart::count);
    if (names.length == 0) {
      double[] zeros = new double[ss.size()];
      c.line("errors", SvgChart.RED, mids(ss), zeros, true).note("no errors in this run");
    } else {
      c.stacked(names, colors, xs, 1, heights);
    }
    figure(
        h,
        "Errors per second",
        c,
        "Error outcomes per second, stacked by kind: 4xx and 5xx answers, connections that"
            + " could not be opened, timeouts, resets, invalid answers, and arrivals never sent.");
  }

  private static void phases(RunReport r, StringBuilder h) {
    h.append("<section id=\"phases\">\n<h2>Phases</h2>\n<table class=\"data num\">\n")
        .append("<tr><th>phase</th><th>warm-up</th><th>length</th><th>offered</th>")
        .append("<th>achieved</th><th>requests</th><th>p50</th><th>p99</th><th>max</th>")
        .append("<th>errors</th></tr>\n");
    for (RunReport.Phase p : r.phases()) {
      RunReport.Window s = p.stats();
      h.append("<tr><th>")
          .append(esc(p.name()))
          .append("</th><td>")
          .append(p.warmup() ? "yes" : "no")
          .append("</td><td>")
          .append(esc(Format.seconds(s.seconds())))
          .append("</td><td>")
          .append(r.open() ? esc(Format.rate(s.offeredRate())) : "-")
          .append("</td><td>")
          .append(esc(Format.rate(s.achievedRate())))
          .append("</td><td>")
          .append(s.requests())
          .append("</td><td>")
          .append(esc(Format.duration(s.response().p50())))
          .append("</td><td>")
          .append(esc(Format.duration(s.response().p99())))
          .append("</td><td>")
          .append(esc(Format.duration(s.response().max())))
          .append("</td><td>")
          .append(s.errors())
          .append(" (")
          .append(esc(Format.percent(s.errorRate() / 100)))
          .append(")</td></tr>\n");
    }
    h.append("</table>\n</section>\n");
  }

  private static void byName(RunReport r, StringBuilder h) {
    if (r.byName().size() < 2) {
      return;
    }
    h.append("<section id=\"by-name\">\n<h2>Requests by name</h2>\n<table class=\"data num\">\n")
        .append("<tr><th>name</th><th>achieved</th><th>requests</th><th>p50</th><th>p90</th>")
        .append("<th>p99</th><th>max</th><th>errors</th></tr>\n");
    for (RunReport.Named n : r.byName()) {
      h.append("<tr><th>")
          .append(esc(n.name()))
          .append("</th><td>")
          .append(esc(Format.rate(n.achievedRate())))
          .append("</td><td>")
          .append(n.requests())
          .append("</td><td>")
          .append(esc(Format.duration(n.response().p50())))
          .append("</td><td>")
          .append(esc(Format.duration(n.response().p90())))
          .append("</td><td>")
          .append(esc(Format.duration(n.response().p99())))
          .append("</td><td>")
          .append(esc(Format.duration(n.response().max())))
          .append("</td><td>")
          .append(n.errors())
          .append("</td></tr>\n");
    }
    h.append("</table>\n</section>\n");
  }

  private static void comparison(Comparison c, StringBuilder h) {
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

  private static void outcomes(RunReport r, StringBuilder h) {
    h.append("<section id=\"outcomes\">\n<h2>Outcomes of the measured phases</h2>\n")
        .append("<table class=\"data num\">\n<tr>");
    for (String label : r.measured().outcomes().keySet()) {
      h.append("<th>").append(esc(label)).append("</th>");
    }
    h.append("</tr>\n<tr>");
    for (Map.Entry<String, Long> e : r.measured().outcomes().entrySet()) {
      h.append("<td")
          .append(isError(e.getKey()) && e.getValue() > 0 ? " class=\"bad\"" : "")
          .append(">")
          .append(e.getValue())
          .append("</td>");
    }
    h.append("</tr>\n</table>\n</section>\n");
  }

  private static void generator(RunReport r, StringBuilder h) {
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
    row(h, "sent late", Shortfall.late(g));
    row(h, "unanswered", Shortfall.missing(r.measured().outcomes()));
    h.append("</table>\n</section>\n");
    generatorPlot(r, g, h);
  }

  private static void row(StringBuilder h, String label, String value) {
    h.append("<tr><th>").append(esc(label)).append("</th><td>").append(esc(value));
    h.append("</td></tr>\n");
  }

  private static void generatorPlot(RunReport r, RunReport.Generator g, StringBuilder h) {
    List<RunReport.GeneratorSecond> ss = g.seconds();
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
            .y(0, SvgChart.niceMax(Math.max(top, 20)), false, SvgChart::millis)
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

  private static void probe(RunReport r, StringBuilder h) {
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
            .y(0, SvgChart.niceMax(top), false, SvgChart::millis)
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

  /** A chart over the run's seconds with the phases shaded. */
  private static SvgChart timeChart(String id, String yLabel, RunReport r) {
    double end = 0;
    for (RunReport.Second s : r.seconds()) {
      end = Math.max(end, s.t() + s.seconds());
    }
    if (end == 0) {
      end = r.config().phases().stream().mapToDouble(RunReport.PlannedPhase::seconds).sum();
    }
    SvgChart c =
        new SvgChart(id, yLabel).x(0, end, SvgChart.ticks(0, end, "s"), "seconds since start");
    double at = 0;
    int measured = 0;
    for (RunReport.PlannedPhase p : r.config().phases()) {
      String fill = p.warmup() ? WARMUP_FILL : PHASE_FILLS[measured++ % PHASE_FILLS.length];
      c.band(at, at + p.seconds(), p.warmup() ? p.name() + " (not judged)" : p.name(), fill);
      at += p.seconds();
    }
    return c;
  }

  private static double[] mids(List<RunReport.Second> ss) {
    double[] xs = new double[ss.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = ss.get(i).t() + ss.get(i).seconds() / 2;
    }
    return xs;
  }

  private static void figure(StringBuilder h, String title, SvgChart c, String caption) {
    h.append("<figure>\n<h2>")
        .append(esc(title))
        .append("</h2>\n")
        .append(c.render())
        .append("<figcaption>")
        .append(esc(caption))
        .append("</figcaption>\n</figure>\n");
  }

  /** Labels of error outcomes; a label this version does not know counts as an error. */
  static boolean isError(String label) {
    for (Outcome o : Outcome.values()) {
      if (o.label().equals(label)) {
        return o.isError();
      }
    }
    return true;
  }

  private static String outcomeColor(String label) {
    return switch (label) {
      case "4xx" -> SvgChart.ORANGE;
      case "5xx" -> SvgChart.RED;
      case "connect_error" -> SvgChart.PURPLE;
      case "timeout" -> SvgChart.BROWN;
      case "reset" -> SvgChart.PINK;
      case "protocol_error" -> SvgChart.OLIVE;
      case "unsent" -> SvgChart.GRAY;
      default -> SvgChart.TEAL;
    };
  }

  private static String esc(String s) {
    return Xml.escape(s);
  }

  private static final String CSS =
      """
      :root { --fg: #1d2330; --muted: #5b6475; --line: #d9dee7; --pass: #1b7f3b; --fail: #c62828;
        --warn: #a15c00; }
      * { box-sizing: border-box; }
      body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
        color: var(--fg); background: #f6f7f9; }
      main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 40px; }
      h1 { font-size: 22px; margin: 4px 0 8px; word-break: break-all; }
      h2 { font-size: 17px; margin: 0 0 8px; }
      header, section, figure { background: #fff; border: 1px solid var(--line); border-radius: 8px;
        padding: 14px 18px; margin: 0 0 16px; }
      figure section, section figure { border: 0; padding: 0; margin: 0 0 12px; }
      .verdict { display: inline-block; padding: 2px 10px; border-radius: 6px; color: #fff;
        font-size: 18px; vertical-align: 2px; margin-right: 6px; }
      .verdict.pass { background: var(--pass); } .verdict.fail { background: var(--fail); }
      .verdict.invalid, .verdict.interrupted { background: var(--warn); }
      .reason { color: var(--fail); margin: 0 0 8px; font-weight: 600; }
      table { border-collapse: collapse; }
      .meta th { text-align: left; color: var(--muted); font-weight: 500; padding: 1px 16px 1px 0;
        vertical-align: top; }
      .meta td { padding: 1px 0; }
      code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        background: #f0f2f5; padding: 1px 4px; border-radius: 4px; word-break: break-all; }
      .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr));
        gap: 10px; background: none; border: 0; padding: 0; }
      .card { background: #fff; border: 1px solid var(--line); border-radius: 8px;
        padding: 10px 12px; }
      .card .name { color: var(--muted); font-size: 12px; text-transform: uppercase;
        letter-spacing: .04em; }
      .card .value { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
      .card .note { color: var(--muted); font-size: 12px; }
      table.data { width: 100%; margin: 4px 0; }
      table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 5px 10px;
        text-align: left; }
      table.num td, table.num tr:first-child th + th { text-align: right;
        font-variant-numeric: tabular-nums; }
      table.num tr:first-child th:not(:first-child) { text-align: right; }
      table.data tr:first-child th { color: var(--muted); font-weight: 500; }
      .pill { display: inline-block; padding: 0 8px; border-radius: 10px; color: #fff;
        font-size: 12px; font-weight: 600; }
      .pill.pass { background: var(--pass); } .pill.fail { background: var(--fail); }
      td.bad { color: var(--fail); font-weight: 600; }
      .caption, figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
      .warning { color: var(--warn); font-weight: 600; }
      .health.green { color: var(--pass); } .health.yellow { color: var(--warn); }
      .health.red { color: var(--fail); }
      svg.plot { width: 100%; height: auto; display: block; font-size: 12px; }
      svg .grid { stroke: #e6e9ef; } svg .frame { fill: none; stroke: #b8bfcc; }
      svg .tick, svg .legend { fill: #4a5263; } svg .axis { fill: var(--muted); }
      svg .band-label { fill: #8a92a3; font-size: 11px; }
      svg .note { fill: var(--muted); font-size: 14px; }
      footer { color: var(--muted); font-size: 12px; text-align: center; }
      """;

  /**
   * Marks each plot with the number of data elements the browser actually laid out, so the report's
   * own browser test can tell a drawn plot from an empty frame. Harmless to readers.
   */
  private static final String SELF_CHECK =
      """
      document.querySelectorAll('svg[data-plot]').forEach(function (svg) {
        var drawn = 0;
        svg.querySelectorAll('.series').forEach(function (e) {
          var b = e.getBBox();
          if (b.width > 0 || b.height > 0) { drawn++; }
        });
        svg.setAttribute('data-drawn', String(drawn));
      });
      document.body.setAttribute('data-checked', 'yes');
      """;
}
