package dev.harness.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A small x-y chart rendered as inline SVG: axes with ticks, shaded bands (phases), lines with
 * gaps, stacked bars, a legend. No script and no external resource, so a report opens anywhere.
 * Reusable by any report that plots a series over time or over percentiles.
 *
 * <p>Every drawn data element carries {@code class="series"}, so a test (or a reader's script) can
 * tell a plot with data from an empty frame. Not thread-safe; build, render, discard.
 *
 * <pre>{@code
 * String svg = new SvgChart("rate", "requests per second")
 *     .x(0, 60, ChartAxis.ticks(0, 60, "s"))
 *     .y(0, 1200, false, ChartAxis::count)
 *     .line("offered", SvgChart.BLUE, xs, offered, true)
 *     .render();
 * }</pre>
 */
final class SvgChart {
  static final String BLUE = "#4269d0";
  static final String ORANGE = "#ef8a17";
  static final String RED = "#d62728";
  static final String GREEN = "#2ca02c";
  static final String PURPLE = "#9467bd";
  static final String BROWN = "#8c564b";
  static final String PINK = "#e377c2";
  static final String GRAY = "#7f7f7f";
  static final String TEAL = "#17becf";
  static final String OLIVE = "#bcbd22";

  /** The styles the chart's classes need; a page that shows charts inlines them. */
  static final String CSS =
      """
      svg.plot { width: 100%; height: auto; display: block; font-size: 12px; }
      svg .grid { stroke: #e6e9ef; } svg .frame { fill: none; stroke: #b8bfcc; }
      svg .tick, svg .legend { fill: #4a5263; } svg .axis { fill: var(--muted); }
      svg .band-label { fill: #8a92a3; font-size: 11px; }
      svg .note { fill: var(--muted); font-size: 14px; }
      """;

  static final int WIDTH = 1100;
  static final int HEIGHT = 300;
  private static final int LEFT = 70;
  private static final int RIGHT = 36;
  private static final int TOP = 30;
  private static final int BOTTOM = 42;

  /**
   * A generous width of one character of a band label (11px text) in the chart's units: a label is
   * cut to what fits its band by this measure, so it never reaches into the next band's label.
   */
  static final double LABEL_CHAR_WIDTH = 6.6;

  /** Space left of a band label, and kept clear at its right end. */
  static final double LABEL_PAD = 4;

  /** A tick on an axis: where, and what it says. */
  record Tick(double at, String label) {}

  private record Band(double from, double to, String label, String fill, int row) {}

  private record Legend(String name, String color, boolean dashed) {}

  private final String id;
  private final String yLabel;
  private final List<Band> bands = new ArrayList<>();
  private final List<Legend> legend = new ArrayList<>();
  private final StringBuilder data = new StringBuilder();
  private final StringBuilder notes = new StringBuilder();
  private double x0;
  private double x1 = 1;
  private List<Tick> xTicks = List.of();
  private String xLabel = "";
  private double y0;
  private double y1 = 1;
  private boolean yLog;
  private DoubleFunction<String> yFormat = ChartAxis::count;

  SvgChart(String id, String yLabel) {
    this.id = id;
    this.yLabel = yLabel;
  }

  /** The x range and its ticks; values outside are clipped. */
  SvgChart x(double min, double max, List<Tick> ticks, String label) {
    x0 = min;
    x1 = max > min ? max : min + 1;
    xTicks = ticks;
    xLabel = label;
    return this;
  }

  /** The y range; on a log axis both ends must be positive. */
  SvgChart y(double min, double max, boolean log, DoubleFunction<String> format) {
    yLog = log;
    y0 = min;
    y1 = max > min ? max : min + 1;
    yFormat = format;
    return this;
  }

  /** A shaded stretch of x, such as a phase, labelled at the top. */
  SvgChart band(double from, double to, String label, String fill) {
    bands.add(new Band(from, to, label, fill, 0));
    return this;
  }

  /**
   * A band drawn over the phases (a fault window), translucent, labelled on a second row so it does
   * not hide the phase's label.
   */
  SvgChart overlay(double from, double to, String label, String fill) {
    bands.add(new Band(from, to, label, fill, 1));
    return this;
  }

  /** A line through the points; a NaN y leaves a gap. */
  SvgChart line(String name, String color, double[] xs, double[] ys, boolean thick) {
    return line(name, color, xs, ys, thick, false);
  }

  /** A dashed line, for a reference such as the offered rate that others may cover. */
  SvgChart dashed(String name, String color, double[] xs, double[] ys) {
    return line(name, color, xs, ys, true, true);
  }

  private SvgChart line(
      String name, String color, double[] xs, double[] ys, boolean thick, boolean dashed) {
    StringBuilder d = new StringBuilder();
    boolean pen = false;
    int points = 0;
    for (int i = 0; i < xs.length; i++) {
      if (Double.isNaN(ys[i]) || (yLog && ys[i] <= 0)) {
        pen = false;
        continue;
      }
      d.append(pen ? 'L' : 'M').append(num(px(xs[i]))).append(',').append(num(py(ys[i])));
      pen = true;
      points++;
    }
    if (points == 1) {
      // A single point draws nothing as a path: make it a short visible mark.
      d.append("h1");
    }
    legend.add(new Legend(name, color, dashed));
    if (points > 0) {
      data.append(
          String.format(
              Locale.ROOT,
              "<path class=\"series\" data-name=\"%s\" d=\"%s\" fill=\"none\" stroke=\"%s\""
                  + " stroke-width=\"%s\"%s stroke-linejoin=\"round\"><title>%s</title></path>\n",
              Xml.escape(name),
              d,
              color,
              thick ? "2.2" : "1.4",
              dashed ? " stroke-dasharray=\"7 5\"" : "",
              Xml.escape(name)));
    }
    return this;
  }

  /**
   * Stacked bars, one stack per x; {@code heights[s][i]} is series {@code s} at {@code xs[i]}, bar
   * {@code i} {@code widths[i]} wide in x units starting at {@code xs[i]} (a short last interval is
   * a narrow bar, not a whole second's).
   */
  SvgChart stacked(
      String[] names, String[] colors, double[] xs, double[] widths, double[][] heights) {
    for (int s = 0; s < names.length; s++) {
      legend.add(new Legend(names[s], colors[s], false));
    }
    for (int i = 0; i < xs.length; i++) {
      double base = 0;
      for (int s = 0; s < names.length; s++) {
        double h = heights[s][i];
        if (h <= 0) {
          continue;
        }
        double top = base + h;
        double left = px(xs[i]);
        double w = Math.max(1, px(xs[i] + widths[i]) - left - 0.5);
        data.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"series\" data-name=\"%s\" x=\"%s\" y=\"%s\" width=\"%s\""
                    + " height=\"%s\" fill=\"%s\"><title>%s: %s at %ss</title></rect>\n",
                Xml.escape(names[s]),
                num(left),
                num(py(top)),
                num(w),
                num(Math.max(0.5, py(base) - py(top))),
                colors[s],
                Xml.escape(names[s]),
                ChartAxis.count(h),
                num(xs[i])));
        base = top;
      }
    }
    return this;
  }

  /**
   * A marker at each point, with a tooltip: circles (filled with {@code fills[i]}, outlined in
   * {@code color}) or, with {@code square}, squares in {@code color}. A NaN y draws none.
   */
  SvgChart points(
      String name,
      String color,
      double[] xs,
      double[] ys,
      String[] fills,
      String[] titles,
      boolean square) {
    for (int i = 0; i < xs.length; i++) {
      if (Double.isNaN(ys[i]) || (yLog && ys[i] <= 0)) {
        continue;
      }
      String title = "<title>" + Xml.escape(titles[i]) + "</title>";
      data.append(
          square
              ? String.format(
                  Locale.ROOT,
                  "<rect class=\"series\" data-name=\"%s\" x=\"%s\" y=\"%s\" width=\"7\""
                      + " height=\"7\" fill=\"%s\">%s</rect>\n",
                  Xml.escape(name),
                  num(px(xs[i]) - 3.5),
                  num(py(ys[i]) - 3.5),
                  color,
                  title)
              : String.format(
                  Locale.ROOT,
                  "<circle class=\"series\" data-name=\"%s\" cx=\"%s\" cy=\"%s\" r=\"4.5\""
                      + " fill=\"%s\" stroke=\"%s\">%s</circle>\n",
                  Xml.escape(name),
                  num(px(xs[i])),
                  num(py(ys[i])),
                  fills[i],
                  color,
                  title));
    }
    return this;
  }

  /** A vertical reference line with a label left of its top, on the given text row (0, 1, ...). */
  SvgChart vline(double x, String label, String color, boolean dashed, int row) {
    double xx = px(x);
    data.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%s\" x2=\"%s\" y1=\"%d\" y2=\"%d\" stroke=\"%s\"%s/>"
                + "<text x=\"%s\" y=\"%d\" text-anchor=\"end\" fill=\"%s\">%s</text>\n",
            num(xx),
            num(xx),
            TOP,
            HEIGHT - BOTTOM,
            color,
            dashed ? " stroke-dasharray=\"2 3\"" : "",
            num(xx - 4),
            TOP + 28 + 14 * row,
            color,
            Xml.escape(label)));
    return this;
  }

  /** A dashed horizontal reference line with a label at its right end, e.g. the max. */
  SvgChart hline(double y, String label, String color) {
    double yy = py(y);
    data.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" x2=\"%d\" y1=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-dasharray=\"4 3\"/>"
                + "<text x=\"%d\" y=\"%s\" text-anchor=\"end\" fill=\"%s\">%s</text>\n",
            LEFT,
            WIDTH - RIGHT,
            num(yy),
            num(yy),
            color,
            WIDTH - RIGHT - 4,
            num(yy - 4),
            color,
            Xml.escape(label)));
    return this;
  }

  /**
   * {@code label} as it fits in a band {@code room} units wide: whole, cut with an ellipsis, or
   * null when not even three characters fit.
   */
  static String fitted(String label, double room) {
    int fits = (int) Math.floor((room - 2 * LABEL_PAD) / LABEL_CHAR_WIDTH);
    if (fits >= label.length()) {
      return label;
    }
    return fits < 4 ? null : label.substring(0, fits - 1) + "\u2026";
  }

  /** A note in the middle of the plot area, such as "no errors in this run". */
  SvgChart note(String text) {
    notes.append(
        String.format(
            Locale.ROOT,
            "<text class=\"note\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
            (LEFT + WIDTH - RIGHT) / 2,
            TOP + (HEIGHT - TOP - BOTTOM) / 2,
            Xml.escape(text)));
    return this;
  }

  String render() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"plot\" data-plot=\"%s\" viewBox=\"0 0 %d %d\" role=\"img\""
                + " preserveAspectRatio=\"xMidYMid meet\">\n",
            id,
            WIDTH,
            HEIGHT));
    s.append(
        String.format(
            Locale.ROOT,
            "<defs><clipPath id=\"clip-%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
                + "</clipPath></defs>\n",
            id,
            LEFT,
            TOP,
            WIDTH - LEFT - RIGHT,
            HEIGHT - TOP - BOTTOM));
    for (Band b : bands) {
      double a = Math.max(LEFT, px(b.from));
      double z = Math.min(WIDTH - RIGHT, px(b.to));
      if (z <= a) {
        continue;
      }
      // The full label is the band's tooltip; the text shows as much of it as fits the band, so
      // a short phase's label never runs into the next one's.
      s.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"band\" x=\"%s\" y=\"%d\" width=\"%s\" height=\"%d\" fill=\"%s\">"
                  + "<title>%s</title></rect>\n",
              num(a),
              TOP,
              num(z - a),
              HEIGHT - TOP - BOTTOM,
              b.fill,
              Xml.escape(b.label)));
      String shown = fitted(b.label, z - a);
      if (shown != null) {
        s.append(
            String.format(
                Locale.ROOT,
                "<text class=\"band-label\" x=\"%s\" y=\"%d\">%s</text>\n",
                num(a + LABEL_PAD),
                TOP + 12 + 14 * b.row,
                Xml.escape(shown)));
      }
    }
    grid(s);
    s.append("<g clip-path=\"url(#clip-").append(id).append(")\">\n");
    s.append(data);
    s.append("</g>\n");
    s.append(notes);
    frame(s);
    legend(s);
    s.append("</svg>\n");
    return s.toString();
  }

  private void grid(StringBuilder s) {
    for (Tick t : yTicks()) {
      double y = py(t.at);
      s.append(
          String.format(
              Locale.ROOT,
              "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%s\" y2=\"%s\"/>"
                  + "<text class=\"tick\" x=\"%d\" y=\"%s\" text-anchor=\"end\">%s</text>\n",
              LEFT,
              WIDTH - RIGHT,
              num(y),
              num(y),
              LEFT - 6,
              num(y + 4),
              Xml.escape(t.label)));
    }
    for (Tick t : xTicks) {
      if (t.at < x0 || t.at > x1) {
        continue;
      }
      double x = px(t.at);
      s.append(
          String.format(
              Locale.ROOT,
              "<line class=\"grid\" x1=\"%s\" x2=\"%s\" y1=\"%d\" y2=\"%d\"/>"
                  + "<text class=\"tick\" x=\"%s\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
              num(x),
              num(x),
              TOP,
              HEIGHT - BOTTOM,
              num(x),
              HEIGHT - BOTTOM + 16,
              Xml.escape(t.label)));
    }
  }

  private void frame(StringBuilder s) {
    s.append(
        String.format(
            Locale.ROOT,
            "<rect class=\"frame\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n"
                + "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n"
                + "<text class=\"axis\" x=\"14\" y=\"%d\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 14 %d)\">%s</text>\n",
            LEFT,
            TOP,
            WIDTH - LEFT - RIGHT,
            HEIGHT - TOP - BOTTOM,
            (LEFT + WIDTH - RIGHT) / 2,
            HEIGHT - 6,
            Xml.escape(xLabel),
            (TOP + HEIGHT - BOTTOM) / 2,
            (TOP + HEIGHT - BOTTOM) / 2,
            Xml.escape(yLabel)));
  }

  private void legend(StringBuilder s) {
    int x = LEFT;
    for (Legend l : legend) {
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"11\" y2=\"11\" stroke=\"%s\" stroke-width=\"4\"%s/>"
                  + "<text class=\"legend\" x=\"%d\" y=\"15\">%s</text>\n",
              x,
              x + 16,
              l.color,
              l.dashed ? " stroke-dasharray=\"5 2\"" : "",
              x + 18,
              Xml.escape(l.name)));
      x += 30 + 7 * l.name.length();
    }
  }

  private List<Tick> yTicks() {
    List<Tick> ticks = new ArrayList<>();
    if (yLog) {
      for (double v = Math.pow(10, Math.floor(Math.log10(y0))); v <= y1 * 1.0001; v *= 10) {
        for (double m : new double[] {1, 2, 5}) {
          double t = v * m;
          if (t >= y0 * 0.9999 && t <= y1 * 1.0001 && (m == 1 || decades() <= 3)) {
            ticks.add(new Tick(t, yFormat.apply(t)));
          }
        }
      }
    } else {
      double step = ChartAxis.niceStep((y1 - y0) / 5);
      for (double v = Math.ceil(y0 / step) * step; v <= y1 + step * 1e-6; v += step) {
        ticks.add(new Tick(v, yFormat.apply(v)));
      }
    }
    return ticks;
  }

  private double decades() {
    return Math.log10(y1 / y0);
  }

  private double px(double x) {
    return LEFT + (x - x0) / (x1 - x0) * (WIDTH - LEFT - RIGHT);
  }

  private double py(double y) {
    double f =
        yLog
            ? (Math.log10(Math.max(y, y0 * 1e-3)) - Math.log10(y0))
                / (Math.log10(y1) - Math.log10(y0))
            : (y - y0) / (y1 - y0);
    return HEIGHT - BOTTOM - f * (HEIGHT - TOP - BOTTOM);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
