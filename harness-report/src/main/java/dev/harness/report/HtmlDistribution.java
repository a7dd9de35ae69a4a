package dev.harness.report;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The latency-distribution part of {@code report.html}: every percentile of the measured phases on
 * a 1/(1-q) axis from the HdrHistograms, and the percentile table under it.
 *
 * <p>Stateless and thread-safe.
 */
final class HtmlDistribution {
  /**
   * What the two curves and the space between them mean. The space is time before the send, on the
   * generator's side; the target's time is all in the service curve. The curves are sorted apart,
   * so the distance at one percentile is no single request's wait.
   */
  static final String CAPTION =
      "Every percentile of the measured phases, from HdrHistogram: the further right, the"
          + " rarer (90%, 99%, 99.9%, ...); latency on a log scale. Response time counts from"
          + " the request's intended start, service time from the moment it was written to the"
          + " connection, so everything the target did is in both. Where response time lies"
          + " above service time, requests waited before they were sent: the generator's own"
          + " delay (a late timer, a busy event loop) and queueing for a free connection"
          + " (opening one included), not the target. Each curve is sorted on its own, so the"
          + " distance at one percentile is not any one request's wait.";

  private HtmlDistribution() {}

  static void distribution(RunReport r, RunView.Percentiles percentiles, StringBuilder h) {
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
            ChartAxis::millis);
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
    HtmlPlots.figure(h, "Latency distribution", c, CAPTION);
    percentileTable(percentiles, h);
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

  private static void percentileTable(RunView.Percentiles percentiles, StringBuilder h) {
    h.append("<table class=\"data num\" id=\"percentiles\">\n<tr><th>latency</th>");
    for (String s : RunView.PERCENTILE_HEADS) {
      h.append("<th>").append(s).append("</th>");
    }
    h.append("</tr>\n");
    for (RunView.LatencyRow row : percentiles.rows()) {
      h.append("<tr data-latency=\"")
          .append(row.name())
          .append("\"><th>")
          .append(row.name())
          .append("</th>");
      for (String cell : row.cells()) {
        h.append("<td>").append(esc(cell)).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static String esc(String s) {
    return Xml.escape(s);
  }
}
