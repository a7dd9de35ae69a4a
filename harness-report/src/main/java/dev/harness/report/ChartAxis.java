package dev.harness.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Round axis ranges, ticks and short tick labels for {@link SvgChart}. Stateless. */
final class ChartAxis {
  private ChartAxis() {}

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    if (!(raw > 0)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= raw) {
        return m * p;
      }
    }
    return 10 * p;
  }

  /** A top for a linear axis starting at 0: the next nice value above {@code max}. */
  static double niceMax(double max) {
    if (!(max > 0)) {
      return 1;
    }
    double step = niceStep(max / 5);
    return Math.ceil(max * 1.05 / step) * step;
  }

  /** Ticks every nice step over [from, to], labelled with a unit suffix. */
  static List<SvgChart.Tick> ticks(double from, double to, String unit) {
    List<SvgChart.Tick> t = new ArrayList<>();
    double step = niceStep((to - from) / 10);
    for (double v = Math.ceil(from / step) * step; v <= to + step * 1e-6; v += step) {
      t.add(new SvgChart.Tick(v, count(v) + unit));
    }
    return t;
  }

  /** A count or rate as a short label: 950, 1.5k, 12k, 2.5M. */
  static String count(double v) {
    double a = Math.abs(v);
    if (a >= 1e6) {
      return trim(v / 1e6) + "M";
    }
    if (a >= 1e4) {
      return trim(v / 1e3) + "k";
    }
    return trim(v);
  }

  /** Milliseconds as a short label: 50us, 2ms, 1.5s. */
  static String millis(double ms) {
    if (ms >= 1000) {
      return trim(ms / 1000) + "s";
    }
    if (ms < 1 && ms > 0) {
      return trim(ms * 1000) + "us";
    }
    return trim(ms) + "ms";
  }

  private static String trim(double v) {
    if (v == Math.rint(v)) {
      return Long.toString((long) v);
    }
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
