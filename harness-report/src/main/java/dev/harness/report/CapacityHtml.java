package dev.harness.report;

import dev.harness.engine.capacity.CapacityResult;
import dev.harness.engine.capacity.CapacityStep;
import dev.harness.engine.capacity.StepVerdict;
import dev.harness.engine.model.Criterion;
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
 * <p>The plot: offered rate on x; p99 on a log scale on the left (latency spans decades once queues
 * build); achieved rate on the right, on the same scale as x, so a target that keeps up follows the
 * dashed diagonal. Latency SLOs are horizontal lines. The knee is the band between the highest
 * passing and the lowest failing rate, with a line at the capacity.
 *
 * <p>Stateless and thread-safe.
 */
public final class CapacityHtml {
  private static final int W = 760;
  private static final int H = 360;
  private static final int LEFT = 70;
  private static final int RIGHT = 70;
  private static final int TOP = 20;
  private static final int BOTTOM = 50;

  private CapacityHtml() {}

  public static byte[] toBytes(CapacityResult r) {
    return render(r).getBytes(StandardCharsets.UTF_8);
  }

  public static String render(CapacityResult r) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>capacity of ")
        .append(esc(r.base().target().url()))
        .append("</title>\n<style>\n")
        .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}\n")
        .append("table{border-collapse:collapse}td,th{padding:2px 10px;text-align:right}\n")
        .append("th{border-bottom:1px solid #999}td.l,th.l{text-align:left}\n")
        .append(".pass{color:#1a7f37}.fail{color:#c62828}.other{color:#777}\n")
        .append("svg text{font:12px system-ui,sans-serif}\n</style></head><body>\n");
    h.append("<h1>Capacity of ").append(esc(r.base().target().url())).append("</h1>\n");
    h.append("<p><b>")
        .append(esc(headline(r)))
        .append("</b></p>\n<p>")
        .append(esc(r.reason()))
        .append("</p>\n<p>SLO: ");
    h.append(esc(String.join(", ", r.plan().slo().stream().map(Criterion::expression).toList())));
    h.append(" &middot; exit code ").append(r.exitCode()).append("</p>\n");
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
      return outcome + ": capacity " + CapacityText.rate(cap.get().rate());
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
    Scale x = new Scale(0, xMax, LEFT, W - RIGHT, false);
    Scale lat =
        new Scale(
            Math.pow(10, Math.floor(Math.log10(latMin))),
            Math.pow(10, Math.ceil(Math.log10(latMax * 1.01))),
            H - BOTTOM,
            TOP,
            true);
    Scale ach = new Scale(0, xMax, H - BOTTOM, TOP, false);

    h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(W)
        .append("\" height=\"")
        .append(H)
        .append("\" role=\"img\" aria-label=\"p99 and achieved rate against offered rate\">\n");
    knee(r, x, h);
    // axes and ticks
    line(h, LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM, "#333", "");
    line(h, LEFT, TOP, LEFT, H - BOTTOM, "#333", "");
    line(h, W - RIGHT, TOP, W - RIGHT, H - BOTTOM, "#333", "");
    for (double v : ticks(xMax)) {
      text(h, x.at(v), H - BOTTOM + 16, "middle", "#333", compact(v));
      text(h, W - RIGHT + 6, ach.at(v) + 4, "start", "#1565c0", compact(v));
    }
    for (double v = lat.lo; v <= lat.hi * 1.0001; v *= 10) {
      text(h, LEFT - 6, lat.at(v) + 4, "end", "#6a1b9a", Durations.format(Math.round(v)));
      line(h, LEFT, lat.at(v), W - RIGHT, lat.at(v), "#eee", "");
    }
    text(h, (LEFT + W - RIGHT) / 2.0, H - 12, "middle", "#333", "offered rate (req/s)");
    text(h, 12, TOP - 6, "start", "#6a1b9a", "p99 (log)");
    text(h, W - 12, TOP - 6, "end", "#1565c0", "achieved (req/s)");
    // achieved = offered, and the latency SLOs
    line(h, x.at(0), ach.at(0), x.at(xMax), ach.at(xMax), "#90caf9", "4 4");
    for (Criterion c : r.plan().slo()) {
      if (isLatency(c)) {
        double y = lat.at(c.threshold());
        line(h, LEFT, y, W - RIGHT, y, "#6a1b9a", "6 3");
        text(h, LEFT + 4, y - 4, "start", "#6a1b9a", "SLO " + c.expression());
      }
    }
    series(h, steps, x, ach, true);
    series(h, steps, x, lat, false);
    h.append("</svg>\n");
    h.append(
        "<p><span style=\"color:#6a1b9a\">&#9679; p99</span> (fill: <span class=\"pass\">pass"
            + "</span> / <span class=\"fail\">fail</span>), left, log scale &middot; <span"
            + " style=\"color:#1565c0\">&#9632; achieved rate</span>, right; dashed: achieved ="
            + " offered</p>\n");
  }

  /** The shaded band where the knee lies, the capacity line, the generator's limit. */
  private static void knee(CapacityResult r, Scale x, StringBuilder h) {
    Optional<CapacityStep> pass = r.highestPass();
    Optional<CapacityStep> fail = r.lowestFail();
    if (pass.isPresent() && fail.isPresent()) {
      double a = x.at(pass.get().rate());
      double b = x.at(fail.get().rate());
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#fff3cd\"/>\n",
              a,
              TOP,
              Math.max(1, b - a),
              H - BOTTOM - TOP));
    }
    if (r.capacity().isPresent()) {
      double a = x.at(r.capacity().get().rate());
      line(h, a, TOP, a, H - BOTTOM, "#e65100", "");
      text(
          h,
          a - 4,
          TOP + 14,
          "end",
          "#e65100",
          "knee: capacity " + CapacityText.rate(r.capacity().get().rate()));
    }
    if (r.generatorLimit().isPresent()) {
      double a = x.at(r.generatorLimit().get().rate());
      line(h, a, TOP, a, H - BOTTOM, "#555", "2 3");
      text(h, a - 4, TOP + 30, "end", "#555", "generator limit");
    }
  }

  private static void series(
      StringBuilder h, List<CapacityStep> steps, Scale x, Scale y, boolean achieved) {
    String colour = achieved ? "#1565c0" : "#6a1b9a";
    StringBuilder path = new StringBuilder();
    for (CapacityStep s : steps) {
      if (!achieved && !s.latency().measured()) {
        continue;
      }
      double px = x.at(s.rate());
      double py = achieved ? y.at(s.achievedRate()) : y.at(s.latency().p99());
      path.append(path.length() == 0 ? "M" : " L")
          .append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
    }
    h.append("<path d=\"")
        .append(path)
        .append("\" fill=\"none\" stroke=\"")
        .append(colour)
        .append("\" stroke-width=\"1.5\"/>\n");
    for (CapacityStep s : steps) {
      if (!achieved && !s.latency().measured()) {
        continue;
      }
      double px = x.at(s.rate());
      double py = achieved ? y.at(s.achievedRate()) : y.at(s.latency().p99());
      String title =
          String.format(
              Locale.ROOT,
              "step %d, offered %s: %s",
              s.number(),
              CapacityText.rate(s.rate()),
              achieved
                  ? "achieved " + CapacityText.rate(s.achievedRate())
                  : "p99 " + Durations.format(s.latency().p99()) + ", " + s.verdict().label());
      if (achieved) {
        h.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"%s\">",
                px - 3.5,
                py - 3.5,
                colour));
        h.append("<title>").append(esc(title)).append("</title></rect>\n");
      } else {
        h.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\" stroke=\"%s\">",
                px,
                py,
                verdictColour(s.verdict()),
                colour));
        h.append("<title>").append(esc(title)).append("</title></circle>\n");
      }
    }
  }

  private static void table(CapacityResult r, StringBuilder h) {
    h.append("<table>\n<tr><th>step</th><th class=\"l\">stage</th><th>offered /s</th>")
        .append("<th>achieved /s</th><th>conns</th><th>p50</th><th>p99</th><th>max</th>")
        .append("<th>errors</th><th class=\"l\">verdict</th></tr>\n");
    for (CapacityStep s : r.steps()) {
      CapacityStep.Latency l = s.latency();
      h.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%d</td><td class=\"l\">%s</td><td>%.1f</td><td>%.1f</td><td>%d</td>"
                  + "<td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                  + "<td class=\"l %s\" title=\"%s\">%s</td></tr>\n",
              s.number(),
              s.stage().label(),
              s.rate(),
              s.achievedRate(),
              s.connections(),
              l.measured() ? Durations.format(l.p50()) : "-",
              l.measured() ? Durations.format(l.p99()) : "-",
              l.measured() ? Durations.format(l.max()) : "-",
              CapacityText.percent(s.errorRatio()),
              cssClass(s.verdict()),
              esc(s.reason() == null ? "" : s.reason()),
              s.verdict().label()));
    }
    h.append("</table>\n");
  }

  private static boolean isLatency(Criterion c) {
    return c.metric() != Criterion.Metric.RPS && c.metric() != Criterion.Metric.ERRORS;
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

  /** About five round tick values from 0 to {@code max}. */
  static double[] ticks(double max) {
    double raw = max / 5;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = raw / mag < 2 ? 2 * mag : raw / mag < 5 ? 5 * mag : 10 * mag;
    int n = (int) Math.floor(max / step);
    double[] t = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      t[i] = i * step;
    }
    return t;
  }

  private static String compact(double v) {
    if (v >= 1e6) {
      return trim(v / 1e6) + "M";
    }
    return v >= 1e3 ? trim(v / 1e3) + "k" : trim(v);
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static void line(
      StringBuilder h, double x1, double y1, double x2, double y2, String colour, String dash) {
    h.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>\n",
            x1,
            y1,
            x2,
            y2,
            colour,
            dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\""));
  }

  private static void text(
      StringBuilder h, double x, double y, String anchor, String colour, String text) {
    h.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\">%s</text>\n",
            x,
            y,
            anchor,
            colour,
            esc(text)));
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Maps a value to a pixel, linearly or on a log scale. */
  private record Scale(double lo, double hi, double from, double to, boolean log) {
    double at(double v) {
      double f;
      if (log) {
        double c = Math.max(v, lo);
        f = (Math.log10(c) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
      } else {
        f = hi == lo ? 0 : (v - lo) / (hi - lo);
      }
      return from + f * (to - from);
    }
  }
}
