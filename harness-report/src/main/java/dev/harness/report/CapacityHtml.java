package dev.harness.report;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.result.CapacityResult;
import dev.harness.engine.result.CapacityStep;
import dev.harness.engine.result.StepVerdict;
import dev.harness.engine.time.Durations;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code capacity.html}: one self-contained page (inline SVG and CSS, no script, no network) with
 * the outcome, a plot of p99 and achieved rate against offered rate with the knee marked, and the
 * table of steps.
 *
 * <p>The plots, drawn by the shared {@link SvgChart}, both against the offered rate: p99 on a log
 * scale (latency spans decades once queues build), with the latency SLOs as horizontal lines; and
 * the achieved rate on the same scale as the offered, so a target that keeps up follows the dashed
 * diagonal. The knee is the band between the highest passing and the lowest failing rate, with a
 * line at the capacity.
 *
 * <p>Stateless and thread-safe.
 */
public final class CapacityHtml {
  private static final String P99 = "#6a1b9a";
  private static final String ACHIEVED = "#1565c0";
  private static final String KNEE_FILL = "#fff3cd";

  private CapacityHtml() {}

  public static byte[] toBytes(CapacityResult r) {
    return toBytes(r, null);
  }

  /** The page with {@code info} (may be null) in the metadata block, as a run's report has it. */
  public static byte[] toBytes(CapacityResult r, RunInfo info) {
    return render(r, info).getBytes(StandardCharsets.UTF_8);
  }

  public static String render(CapacityResult r) {
    return render(r, null);
  }

  /** The page; {@code info} (may be null) says which command on which machine made the search. */
  public static String render(CapacityResult r, RunInfo info) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>capacity of ")
        .append(esc(r.base().target().url()))
        .append("</title>\n<style>\n")
        .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}\n")
        .append("table{border-collapse:collapse}td,th{padding:2px 10px;text-align:right}\n")
        .append("th{border-bottom:1px solid #999}td.l,th.l{text-align:left}\n")
        .append(".pass{color:#1a7f37}.fail{color:#c62828}.other{color:#777}\n")
        .append("figure{margin:0 0 16px;max-width:1100px}h2{font-size:16px}\n")
        .append(":root{--muted:#5b6475}\n")
        .append("table.meta th,table.meta td{text-align:left;border:0;padding:1px 12px 1px 0}\n")
        .append("table.meta th{color:var(--muted);font-weight:normal}\n")
        .append(SvgChart.CSS)
        .append("</style></head><body>\n");
    h.append("<h1>Capacity of ").append(esc(r.base().target().url())).append("</h1>\n");
    h.append("<table class=\"meta\">\n");
    RunMeta.started(h, r.startedAt());
    RunMeta.origin(h, info);
    h.append("</table>\n");
    h.append("<p><b>")
        .append(esc(headline(r)))
        .append("</b></p>\n<p>")
        .append(esc(r.reason()))
        .append("</p>\n<p>SLO: ");
    h.append(esc(String.join(", ", r.plan().slo().stream().map(Criterion::expression).toList())));
    h.append(" &middot; exit code ").append(r.exitCode()).append("</p>\n");
    r.limit()
        .ifPresent(
            l -> h.append("<p>Limit: ").append(esc(CapacityText.limit(r, l))).append("</p>\n"));
    plot(r, h);
    table(r, h);
    h.append(
        "<p>The knee lies between the highest passing and the lowest failing rate (shaded); the"
            + " capacity is the highest offered rate whose step met every SLO. Achieved counts"
            + " answers completed while the step's arrivals were offered.</p>\n");
    h.append("</body></html>\n");
    return h.toString();
  }

  private static String headline(CapacityResult r) {
    Optional<CapacityStep> cap = r.capacity();
    String outcome = r.outcome().label().toUpperCase(Locale.ROOT);
    if (cap.isPresent()) {
      return outcome
          + ": capacity "
          + CapacityText.rate(r.capacityRate().orElse(cap.get().rate()))
          + r.limit().map(l -> " (limit: " + l.label() + ")").orElse("");
    }
    return outcome + ": no capacity";
  }

  private static void plot(CapacityResult r, StringBuilder h) {
    // Only steps that measured the target: a step the generator could not hold, or one cut short,
    // says nothing about the target at its rate (the table still lists it).
    List<CapacityStep> steps =
        r.steps().stream()
            .filter(s -> s.verdict() != StepVerdict.GENERATOR_LIMIT)
            .filter(s -> s.verdict() != StepVerdict.INTERRUPTED)
            .sorted(Comparator.comparingDouble(CapacityStep::rate))
            .toList();
    if (steps.isEmpty()) {
      h.append("<p>No step measured the target: nothing to plot.</p>\n");
      return;
    }
    double xMax = r.generatorLimit().map(CapacityStep::rate).orElse(0.0);
    double latMin = Double.MAX_VALUE;
    double latMax = 0;
    for (CapacityStep s : steps) {
      xMax = Math.max(xMax, Math.max(s.rate(), s.achievedRate()));
      if (s.latency().measured()) {
        latMin = Math.min(latMin, s.latency().p99());
        latMax = Math.max(latMax, s.latency().p99());
      }
    }
    for (Criterion c : r.plan().slo()) {
      if (isLatency(c)) {
        latMin = Math.min(latMin, c.threshold());
        latMax = Math.max(latMax, c.threshold());
      }
    }
    xMax *= 1.05;
    if (latMax == 0) {
      latMin = 1e6;
      latMax = 1e9;
    }
    int n = steps.size();
    double[] xs = new double[n];
    double[] p99 = new double[n];
    double[] achieved = new double[n];
    String[] fills = new String[n];
    String[] p99Titles = new String[n];
    String[] achievedTitles = new String[n];
    for (int i = 0; i < n; i++) {
      CapacityStep s = steps.get(i);
      String step = "step " + s.number() + ", offered " + CapacityText.rate(s.rate()) + ": ";
      xs[i] = s.rate();
      p99[i] = s.latency().measured() ? s.latency().p99() / 1e6 : Double.NaN;
      achieved[i] = s.achievedRate();
      fills[i] = verdictColour(s.verdict());
      p99Titles[i] =
          s.latency().measured()
              ? step + "p99 " + Durations.format(s.latency().p99()) + ", " + s.verdict().label()
              : "";
      achievedTitles[i] = step + "achieved " + CapacityText.rate(s.achievedRate());
    }

    // p99 on a log scale: latency spans decades once queues build. Latency SLOs are lines.
    SvgChart latency =
        rateChart(r, "capacity-p99", "p99 (log)", xMax)
            .y(
                Math.pow(10, Math.floor(Math.log10(latMin / 1e6))),
                Math.pow(10, Math.ceil(Math.log10(latMax / 1e6 * 1.01))),
                true,
                ChartAxis::millis);
    for (Criterion c : r.plan().slo()) {
      if (isLatency(c)) {
        latency.hline(c.threshold() / 1e6, "SLO " + c.expression(), P99);
      }
    }
    latency.line("p99", P99, xs, p99, false).points("p99", P99, xs, p99, fills, p99Titles, false);
    figure(h, "p99 against offered rate", latency);

    // Achieved on the same scale as offered, so a target that keeps up follows the diagonal.
    SvgChart rate =
        rateChart(r, "capacity-achieved", "achieved (req/s)", xMax)
            .y(0, xMax, false, ChartAxis::count)
            .dashed("achieved = offered", "#90caf9", new double[] {0, xMax}, new double[] {0, xMax})
            .line("achieved", ACHIEVED, xs, achieved, false)
            .points("achieved", ACHIEVED, xs, achieved, null, achievedTitles, true);
    figure(h, "Achieved against offered rate", rate);
    h.append(
        "<p>p99 points are filled by the step's verdict: <span class=\"pass\">pass</span> /"
            + " <span class=\"fail\">fail</span>; dashed: achieved = offered.</p>\n");
  }

  /**
   * A chart over the offered rate with the knee: the band between the highest passing and the
   * lowest failing rate, a line at the capacity, and the generator's limit if it was reached.
   */
  private static SvgChart rateChart(CapacityResult r, String id, String yLabel, double xMax) {
    SvgChart c =
        new SvgChart(id, yLabel).x(0, xMax, ChartAxis.ticks(0, xMax, ""), "offered rate (req/s)");
    Optional<CapacityStep> pass = r.highestPass();
    Optional<CapacityStep> fail = r.lowestFail();
    if (pass.isPresent() && fail.isPresent()) {
      c.band(pass.get().rate(), fail.get().rate(), "knee", KNEE_FILL);
    }
    if (r.capacity().isPresent()) {
      double at = r.capacityRate().orElse(r.capacity().get().rate());
      c.vline(at, "knee: capacity " + CapacityText.rate(at), "#e65100", false, 0);
    }
    if (r.generatorLimit().isPresent()) {
      c.vline(r.generatorLimit().get().rate(), "generator limit", "#555", true, 1);
    }
    return c;
  }

  private static void figure(StringBuilder h, String title, SvgChart c) {
    h.append("<figure>\n<h2>").append(esc(title)).append("</h2>\n").append(c.render());
    h.append("</figure>\n");
  }

  /** The steps, with p50 and the percentiles the SLO bounds (p99 when it bounds none). */
  private static void table(CapacityResult r, StringBuilder h) {
    List<Double> columns = CapacityText.columns(r.plan());
    h.append("<table>\n<tr><th>step</th><th class=\"l\">stage</th><th>offered /s</th>")
        .append("<th>achieved /s</th><th>conns</th>");
    for (double p : columns) {
      h.append("<th>").append(CapacityText.label(p)).append("</th>");
    }
    h.append("<th>max</th><th>errors</th><th class=\"l\">verdict</th></tr>\n");
    for (CapacityStep s : r.steps()) {
      CapacityStep.Latency l = s.latency();
      h.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%d</td><td class=\"l\">%s</td><td>%.1f</td><td>%.1f</td><td>%d</td>",
              s.number(),
              s.stage().label(),
              s.rate(),
              s.achievedRate(),
              s.connections()));
      for (double p : columns) {
        h.append("<td>").append(CapacityText.at(l, p)).append("</td>");
      }
      String verdict =
          s.failedOn() == null
              ? s.verdict().label()
              : s.verdict().label() + " (" + s.failedOn() + ")";
      h.append(
          String.format(
              Locale.ROOT,
              "<td>%s</td><td>%s</td><td class=\"l %s\" title=\"%s\">%s</td></tr>\n",
              l.measured() ? Durations.format(l.max()) : "-",
              CapacityText.percent(s.errorRatio()),
              cssClass(s.verdict()),
              esc(s.reason() == null ? "" : s.reason()),
              verdict));
    }
    h.append("</table>\n");
  }

  private static boolean isLatency(Criterion c) {
    return c.metric() != Criterion.Metric.RPS
        && c.metric() != Criterion.Metric.ERRORS
        && c.metric() != Criterion.Metric.STATUS;
  }

  private static String verdictColour(StepVerdict v) {
    return switch (v) {
      case PASS -> "#1a7f37";
      case FAIL, NO_ANSWER -> "#c62828";
      default -> "#9e9e9e";
    };
  }

  private static String cssClass(StepVerdict v) {
    return switch (v) {
      case PASS -> "pass";
      case FAIL, NO_ANSWER -> "fail";
      default -> "other";
    };
  }

  private static String esc(String s) {
    return Xml.escape(s);
  }
}
