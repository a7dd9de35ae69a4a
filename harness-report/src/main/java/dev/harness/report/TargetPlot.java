package dev.harness.report;

import dev.harness.engine.model.TargetMetricsSpec;
import java.util.List;

/**
 * The target's own metrics in {@code report.html}: its memory series (every {@code *_bytes} series,
 * in MB), its CPU (the CPU-seconds counter's rate between two scrapes, in percent of one core), and
 * each other series recorded, over the run's phases like the other time plots. Stateless.
 */
final class TargetPlot {
  /** More series than this are listed in the summary only. */
  private static final int MAX_OTHER_PLOTS = 6;

  private static final String[] COLORS = {
    SvgChart.BLUE, SvgChart.ORANGE, SvgChart.GREEN, SvgChart.PURPLE, SvgChart.BROWN, SvgChart.TEAL
  };

  private TargetPlot() {}

  static void plots(RunReport r, StringBuilder h) {
    TargetTimeline t = r.targetMetrics();
    if (t == null || t.points().isEmpty()) {
      return;
    }
    double[] xs = t.points().stream().mapToDouble(TargetTimeline.Point::t).toArray();
    memory(r, t, xs, h);
    cpu(r, t, xs, h);
    int shown = 0;
    for (int k = 0; k < t.series().size() && shown < MAX_OTHER_PLOTS; k++) {
      String name = t.series().get(k);
      if (!name.endsWith("_bytes") && !name.equals(TargetMetricsSpec.CPU)) {
        double[] ys = values(t, k, 1);
        SvgChart c =
            HtmlPlots.timeChart("target-" + name, name, r)
                .y(0, ChartAxis.niceMax(max(ys)), false, ChartAxis::count)
                .line(name, COLORS[shown % COLORS.length], xs, ys, true);
        HtmlPlots.figure(h, "Target: " + name, c, "Each scrape's value of " + name + ".");
        shown++;
      }
    }
  }

  private static void memory(RunReport r, TargetTimeline t, double[] xs, StringBuilder h) {
    double top = 0;
    java.util.List<Integer> bytes = new java.util.ArrayList<>();
    for (int k = 0; k < t.series().size(); k++) {
      if (t.series().get(k).endsWith("_bytes")) {
        bytes.add(k);
        top = Math.max(top, max(values(t, k, 1e6)));
      }
    }
    if (bytes.isEmpty()) {
      return;
    }
    // The scale first: a line is drawn on the scale the chart has when it is added.
    SvgChart c =
        HtmlPlots.timeChart("target-memory", "MB", r)
            .y(0, ChartAxis.niceMax(top), false, ChartAxis::count);
    for (int i = 0; i < bytes.size(); i++) {
      int k = bytes.get(i);
      c.line(t.series().get(k), COLORS[i % COLORS.length], xs, values(t, k, 1e6), true);
    }
    String growth =
        t.memoryGrowthPercentPerHour() == null
            ? ""
            : String.format(
                java.util.Locale.ROOT,
                " Resident memory grew %+.1f%% per hour over the measured part.",
                t.memoryGrowthPercentPerHour());
    HtmlPlots.figure(
        h,
        "Target memory",
        c,
        "Scraped from "
            + t.url()
            + " on its own connection every "
            + Format.seconds(t.intervalSeconds())
            + "."
            + growth
            + (t.failures() == 0
                ? ""
                : " " + t.failures() + (t.failures() == 1 ? " scrape" : " scrapes") + " failed."));
  }

  private static void cpu(RunReport r, TargetTimeline t, double[] xs, StringBuilder h) {
    int k = t.series().indexOf(TargetMetricsSpec.CPU);
    if (k < 0 || xs.length < 2) {
      return;
    }
    double[] seconds = values(t, k, 1);
    double[] mids = new double[xs.length - 1];
    double[] share = new double[xs.length - 1];
    for (int i = 1; i < xs.length; i++) {
      mids[i - 1] = (xs[i] + xs[i - 1]) / 2;
      double dt = xs[i] - xs[i - 1];
      share[i - 1] = dt > 0 ? (seconds[i] - seconds[i - 1]) * 100 / dt : Double.NaN;
    }
    SvgChart c =
        HtmlPlots.timeChart("target-cpu", "% of one core", r)
            .y(0, ChartAxis.niceMax(Math.max(100, max(share))), false, ChartAxis::count)
            .line("cpu", SvgChart.RED, mids, share, true);
    HtmlPlots.figure(
        h,
        "Target CPU",
        c,
        "The rate of " + TargetMetricsSpec.CPU + " between two scrapes; 100 is one core busy.");
  }

  /** Series {@code k} of every point divided by {@code unit}; NaN where a scrape lacked it. */
  private static double[] values(TargetTimeline t, int k, double unit) {
    List<TargetTimeline.Point> ps = t.points();
    double[] ys = new double[ps.size()];
    for (int i = 0; i < ys.length; i++) {
      List<Double> v = ps.get(i).values();
      ys[i] = k < v.size() && v.get(k) != null ? v.get(k) / unit : Double.NaN;
    }
    return ys;
  }

  private static double max(double[] ys) {
    double m = 0;
    for (double y : ys) {
      if (Double.isFinite(y)) {
        m = Math.max(m, y);
      }
    }
    return m;
  }
}
