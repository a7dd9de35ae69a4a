package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  private static final RunReport REPORT = RunReport.of(Results.realistic(), Results.info());
  private static final String HTML = HtmlReport.render(REPORT);

  @Test
  void everyPlotIsAnInlineSvgWithDataSeries() {
    for (String plot : List.of("rate", "latency", "distribution", "errors")) {
      String svg = plot(HTML, plot);
      assertTrue(svg.contains("class=\"series\""), plot + ": no data series in\n" + svg);
    }
    assertTrue(plot(HTML, "rate").contains("data-name=\"offered\""), "offered rate line");
    assertTrue(plot(HTML, "rate").contains("data-name=\"achieved\""), "achieved rate line");
    for (String p : List.of("p50", "p90", "p99", "max")) {
      assertTrue(plot(HTML, "latency").contains("data-name=\"" + p + "\""), p + " per second");
    }
    assertTrue(plot(HTML, "distribution").contains("data-name=\"service time\""), "service");
    assertTrue(plot(HTML, "errors").contains("data-name=\"5xx\""), "5xx bars");
    assertTrue(plot(HTML, "errors").contains("data-name=\"timeout\""), "timeout bars");
  }

  @Test
  void phasesAreShadedInTheTimePlots() {
    for (String plot : List.of("rate", "latency", "errors")) {
      String svg = plot(HTML, plot);
      assertTrue(svg.contains("warmup (not judged)</text>"), plot + ": warm-up band");
      assertTrue(svg.contains(">steady</text>"), plot + ": steady band");
    }
  }

  @Test
  void needsNothingFromTheNetwork() {
    for (String external : List.of("src=", "href=", "@import", "url(http", "//cdn", "<link")) {
      assertFalse(HTML.contains(external), "external reference '" + external + "' in the page");
    }
  }

  @Test
  void showsCriteriaMetadataAndPercentiles() {
    assertTrue(HTML.contains("<span class=\"verdict fail\">FAIL</span>"), "verdict");
    assertTrue(HTML.contains("<code>p99 &lt; 50ms</code>"), "criterion");
    assertTrue(HTML.contains("<span class=\"pill fail\">FAIL</span>"), "failed pill");
    assertTrue(HTML.contains("harness 0.1.0-SNAPSHOT"), "version");
    assertTrue(HTML.contains("harness run http://127.0.0.1:18700/api/items -R 200"), "command");
    assertTrue(HTML.contains("ci-runner-7 (2 cores"), "machine");
    assertTrue(HTML.contains("2025-03-01 12:00:00Z"), "start time");
    assertTrue(HTML.contains("command-line flags"), "scenario");
    Latency r = REPORT.measured().response();
    String row = between(HTML, "<tr data-latency=\"response\">", "</tr>");
    for (Long v : new Long[] {r.p50(), r.p90(), r.p99(), r.p999(), r.p9999(), r.max()}) {
      assertTrue(row.contains("<td>" + Format.duration(v) + "</td>"), v + " in " + row);
    }
    assertTrue(HTML.contains("<th>list items</th>"), "requests by name");
  }

  @Test
  void textFromTheRunIsEscaped() {
    RunInfo evil =
        new RunInfo("1", "harness run '<script>alert(1)</script>'", null, "h", 1, "os", "jvm");
    String html = HtmlReport.render(RunReport.of(Results.realistic(), evil));
    assertFalse(html.contains("<script>alert"), "raw script from the command line");
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "escaped instead");
  }

  @Test
  void aRunWithoutErrorsStillDrawsTheErrorPlot() {
    String html = HtmlReport.render(RunReport.of(Results.result(), null));
    String errors = plot(html, "errors");
    assertTrue(errors.contains("class=\"series\""), "zero line: " + errors);
    assertTrue(errors.contains("no errors in this run") || errors.contains("data-name=\"5xx\""));
  }

  static String plot(String html, String name) {
    Matcher m =
        Pattern.compile("<svg class=\"plot\" data-plot=\"" + name + "\".*?</svg>", Pattern.DOTALL)
            .matcher(html);
    assertTrue(m.find(), "no plot " + name);
    return m.group();
  }

  private static String between(String s, String from, String to) {
    int i = s.indexOf(from);
    assertTrue(i >= 0, "no " + from);
    return s.substring(i, s.indexOf(to, i));
  }

  @Test
  void sameReportSameBytes() {
    assertEquals(HTML, HtmlReport.render(RunReport.of(Results.realistic(), Results.info())));
  }
}
