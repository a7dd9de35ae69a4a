package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the time plots draw where it is easy to mislead: a run's short tail and narrow phases. */
class PlotGeometryTest {
  private static final long S = 1_000_000_000L;

  /** {@link Results#realistic()} with a 3.6 ms tail after its 20 whole seconds, as runs end. */
  private static RunResult withTail() {
    RunResult r = Results.realistic();
    List<IntervalStats> intervals = new ArrayList<>(r.intervals());
    long[] o = new long[Outcome.count()];
    o[Outcome.S2XX.ordinal()] = 1;
    o[Outcome.S5XX.ordinal()] = 1;
    intervals.add(
        new IntervalStats(
            20 * S,
            20 * S + 3_600_000,
            0,
            0,
            OutcomeCounts.of(o),
            2_000_000,
            2_000_000,
            2_000_000,
            2_000_000));
    return r.toBuilder().intervals(intervals).build();
  }

  @Test
  void aTailOfMillisecondsIsNoPointOnTheLinesAndANarrowBar() {
    String html = HtmlReport.render(RunReport.of(withTail(), Results.info()));
    // The x axis runs to 20.0036 s; plot x of 20.0018 s (the tail's middle) would be a point.
    for (String plot : List.of("rate", "latency")) {
      String svg = HtmlReportTest.plot(html, plot);
      List<String> lines = paths(svg);
      assertFalse(lines.isEmpty(), plot + ": lines drawn");
      for (String d : lines) {
        long points = d.chars().filter(ch -> ch == 'M' || ch == 'L').count();
        assertEquals(20, points, plot + ": one point per whole second, none for the tail: " + d);
      }
    }
    String errors = HtmlReportTest.plot(html, "errors");
    assertFalse(errors.contains(" at 20.0s</title>"), "no bar for the tail: " + errors);
    assertTrue(errors.contains("5xx: 4 at 8.0s</title>"), "the 5xx of second 8: " + errors);
  }

  @Test
  void aTailOfMoreThanHalfASecondIsABarOfItsWidth() {
    RunResult r = Results.realistic();
    List<IntervalStats> intervals = new ArrayList<>(r.intervals());
    long[] o = new long[Outcome.count()];
    o[Outcome.S5XX.ordinal()] = 3;
    intervals.add(
        new IntervalStats(20 * S, 20 * S + 600_000_000, 0, 0, OutcomeCounts.of(o), 0, 0, 0, 0));
    String errors =
        HtmlReportTest.plot(
            HtmlReport.render(
                RunReport.of(r.toBuilder().intervals(intervals).build(), Results.info())),
            "errors");
    Matcher whole = bar(errors, "5xx: 4 at 8.0s");
    Matcher tail = bar(errors, "5xx: 5 at 20.0s"); // 3 in 0.6 s: 5 a second
    double ratio = Double.parseDouble(tail.group(1)) / Double.parseDouble(whole.group(1));
    assertTrue(Math.abs(ratio - 0.6) < 0.05, "0.6 s wide against a whole second's: " + ratio);
  }

  private static Matcher bar(String svg, String title) {
    Matcher m =
        Pattern.compile(
                "<rect class=\"series\"[^>]*width=\"([0-9.]+)\"[^>]*><title>"
                    + Pattern.quote(title)
                    + "</title>")
            .matcher(svg);
    assertTrue(m.find(), "a bar titled " + title + " in\n" + svg);
    return m;
  }

  @Test
  void phaseLabelsNeverRunIntoEachOther() {
    SvgChart c =
        new SvgChart("p", "y")
            .x(0, 120, ChartAxis.ticks(0, 120, "s"), "s")
            .y(0, 1, false, ChartAxis::count)
            .band(0, 2, "warmup (not judged)", "#000")
            .band(2, 5, "ramp to 2000/s", "#111")
            .band(5, 110, "steady", "#222")
            .band(110, 120, "cool down after the spike", "#333");
    String svg = c.render();
    Matcher band =
        Pattern.compile("<rect class=\"band\" x=\"([0-9.]+)\" y=\"\\d+\" width=\"([0-9.]+)\"")
            .matcher(svg);
    Matcher label =
        Pattern.compile("<text class=\"band-label\" x=\"([0-9.]+)\" y=\"(\\d+)\">([^<]*)</text>")
            .matcher(svg);
    List<double[]> bands = new ArrayList<>();
    while (band.find()) {
      double x = Double.parseDouble(band.group(1));
      bands.add(new double[] {x, x + Double.parseDouble(band.group(2))});
    }
    assertEquals(4, bands.size(), svg);
    int shown = 0;
    double previousEnd = Double.NEGATIVE_INFINITY;
    while (label.find()) {
      shown++;
      double x = Double.parseDouble(label.group(1));
      // 11px text: no glyph of these labels is wider than 6.6 units.
      double end = x + label.group(3).length() * SvgChart.LABEL_CHAR_WIDTH;
      double[] own = bands.stream().filter(b -> b[0] <= x && x < b[1]).findFirst().orElseThrow();
      assertTrue(
          end <= own[1], "'" + label.group(3) + "' ends at " + end + " past its band " + own[1]);
      assertTrue(x >= previousEnd, "'" + label.group(3) + "' overprints the label before it");
      previousEnd = end;
    }
    assertTrue(shown >= 2, "labels that fit are shown:\n" + svg);
    assertTrue(svg.contains("<title>warmup (not judged)</title>"), "every band keeps its name");
    assertTrue(svg.contains(">steady</text>"), "a wide band shows its whole label");
    assertFalse(svg.contains(">warmup (not judged)</text>"), "a 2 s band of 120 cannot hold it");
  }

  private static List<String> paths(String svg) {
    List<String> out = new ArrayList<>();
    Matcher m =
        Pattern.compile("<path class=\"series\" data-name=\"[^\"]*\" d=\"([^\"]*)\"").matcher(svg);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
