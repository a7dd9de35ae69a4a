package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.LoadModel;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.time.Durations;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class TextSummaryTest {

  @Test
  void headerNamesTargetModelConcurrencyAndDurations() {
    String s = TextSummary.render(Results.result());

    assertContains(s, "GET http://127.0.0.1:8080/");
    assertContains(s, "open model, 2 workers, 8 connections, timeout 2.00s");
    assertContains(s, "10.00s measured after 5.00s warm-up");
  }

  @Test
  void latencyTableShowsEveryPercentileOfBothHistogramsFormatted() {
    Stats m = Results.steady();
    List<String> lines = lines(TextSummary.render(Results.result()));

    String head =
        line(lines, "latency")
            .orElseThrow(() -> new AssertionError("no latency header in " + lines));
    for (String col : List.of("p50", "p90", "p99", "p99.9", "p99.99", "max", "mean")) {
      assertTrue(
          head.contains(col), "latency header: expected column " + col + ", got '" + head + "'");
    }
    assertRow(lines, "response", m.response());
    assertRow(lines, "service", m.service());
    assertContains(
        TextSummary.render(Results.result()),
        "response time = from intended start (includes queueing)");
  }

  @Test
  void latencyColumnsLineUpUnderTheirHeadings() {
    List<String> lines = lines(TextSummary.render(Results.result()));
    String head = line(lines, "latency").orElseThrow();
    String response = line(lines, "response ").orElseThrow();
    String service = line(lines, "service ").orElseThrow();

    assertEquals(
        head.length(),
        response.length(),
        "header vs response row length:\n" + head + "\n" + response);
    assertEquals(
        head.length(), service.length(), "header vs service row length:\n" + head + "\n" + service);
  }

  @Test
  void emptyHistogramsShowDashesNotZeros() {
    Stats m =
        new Stats(
            10 * Results.S,
            100,
            0,
            Results.outcomes(0, 0, 0, 100),
            new Histogram(3),
            new Histogram(3));
    List<String> lines =
        lines(
            TextSummary.render(
                Results.result(
                    LoadModel.OPEN,
                    m,
                    Results.generator(0, 100),
                    Verdict.INVALID,
                    "target unreachable")));

    String response = line(lines, "response ").orElseThrow();
    assertEquals(
        7,
        Arrays.stream(response.trim().split("\\s+")).filter("-"::equals).count(),
        "dashes in '" + response + "'");
  }

  @Test
  void countsRatesAndNonZeroOutcomesAreShown() {
    String s = TextSummary.render(Results.result());

    assertContains(s, "1000 in 10.00s, offered 100.0/s, achieved 98.5/s");
    assertContains(s, "2xx 980, 5xx 5, timeout 5, unsent 10");
    assertContains(s, "errors 20 (2.0%)");
    assertFalse(s.contains("3xx"), "outcomes: expected no zero labels such as 3xx, got\n" + s);
  }

  @Test
  void shortfallIsExplainedWhenAchievedIsWellBelowOffered() {
    String s = TextSummary.render(Results.result());

    assertContains(s, "achieved is 1.5% below offered: 15 of 1000 arrivals got no answer");
    assertContains(s, "sent late  generator behind: 2 handled over 16ms late");
    assertContains(s, "12 waited for a connection (all busy: the connection limit -c, or a slow");
    assertContains(
        s, "unanswered 10 never sent (still waiting for a connection at the end), 5 timed out");
  }

  @Test
  void noShortfallLineWhenAchievedKeepsUp() {
    Stats m =
        new Stats(
            10 * Results.S,
            1000,
            1000,
            Results.outcomes(995, 0, 0, 0),
            Results.histogram(995, Results.MS),
            Results.histogram(995, Results.MS));
    String s =
        TextSummary.render(
            Results.result(LoadModel.OPEN, m, Results.generator(0, 1000), Verdict.FAIL, null));

    assertFalse(
        s.contains("below offered"),
        "achieved 99.5/s of 100/s: expected no shortfall line, got\n" + s);
  }

  @Test
  void criteriaAreListedWithPassOrFailAndTheActualValue() {
    RunResult r = Results.result();
    String s = TextSummary.render(r);

    assertContains(s, "FAIL  p99 < 5ms  (actual " + r.criteria().get(0).actualText() + ")");
    assertContains(s, "PASS  errors < 5%  (actual " + r.criteria().get(1).actualText() + ")");
  }

  @Test
  void lastLineIsTheVerdictWithItsReason() {
    List<String> plain = lines(TextSummary.render(Results.result()));
    assertEquals("verdict: FAIL", plain.get(plain.size() - 1), "last line");

    List<String> invalid =
        lines(
            TextSummary.render(
                Results.result(
                    LoadModel.OPEN,
                    Results.steady(),
                    Results.generator(300, 1000),
                    Verdict.INVALID,
                    "generator fell behind")));
    assertEquals(
        "verdict: INVALID - generator fell behind", invalid.get(invalid.size() - 1), "last line");
  }

  @Test
  void warnsWhenTheGeneratorDidNotHoldItsSchedule() {
    String s =
        TextSummary.render(
            Results.result(
                LoadModel.OPEN,
                Results.steady(),
                Results.generator(300, 1000),
                Verdict.INVALID,
                "generator fell behind"));

    assertContains(s, "WARNING: the load generator could not hold its schedule.");
    assertContains(s, "generator  RED: 2 workers");
    assertContains(s, "behind in 3 of 10 measured seconds (limit 1)");
  }

  @Test
  void noWarningWhenTheGeneratorHeldItsSchedule() {
    String s = TextSummary.render(Results.result());

    assertFalse(s.contains("WARNING"), "generator 2 of 1500 late: expected no warning, got\n" + s);
    assertContains(
        s,
        "dispatch lag p99 "
            + Durations.format(Results.generator(0, 1).dispatchLag().getValueAtPercentile(99)));
  }

  @Test
  void eachPhaseGetsOneLineWhenThereAreSeveral() {
    List<String> lines = lines(TextSummary.render(Results.result()));

    String warm =
        line(lines, "  warmup ")
            .orElseThrow(() -> new AssertionError("no warmup phase line in " + lines));
    String steady =
        line(lines, "  steady ")
            .orElseThrow(() -> new AssertionError("no steady phase line in " + lines));
    assertTrue(
        warm.matches("\\s+warmup\\s+yes\\s+100\\.0/s\\s+100\\.0/s\\s+\\S+\\s+0"),
        "warmup line: '" + warm + "'");
    String p99 = Durations.format(Results.steady().response().getValueAtPercentile(99));
    assertTrue(
        steady.matches(
            "\\s+steady\\s+no\\s+100\\.0/s\\s+98\\.5/s\\s+" + p99.replace(".", "\\.") + "\\s+20"),
        "steady line: '" + steady + "'");
  }

  @Test
  void summaryIsPlainAsciiOfAboutTwentyFiveLines() {
    String s =
        TextSummary.render(
            Results.result(
                LoadModel.OPEN,
                Results.steady(),
                Results.generator(300, 1000),
                Verdict.INVALID,
                "Zeitüberschreitung"));

    assertTrue(s.chars().allMatch(c -> c < 128), "expected ASCII only, got\n" + s);
    int n = lines(s).size();
    assertTrue(n >= 20 && n <= 33, "expected about 25 lines, got " + n + ":\n" + s);
  }

  private static void assertRow(List<String> lines, String name, Histogram h) {
    String row =
        line(lines, name + " ")
            .orElseThrow(() -> new AssertionError("no " + name + " row in " + lines));
    List<String> cells = Arrays.asList(row.trim().split("\\s+"));
    List<String> expected =
        List.of(
            name,
            Durations.format(h.getValueAtPercentile(50)),
            Durations.format(h.getValueAtPercentile(90)),
            Durations.format(h.getValueAtPercentile(99)),
            Durations.format(h.getValueAtPercentile(99.9)),
            Durations.format(h.getValueAtPercentile(99.99)),
            Durations.format(h.getMaxValue()),
            Durations.format(Math.round(h.getMean())));
    assertEquals(expected, cells, name + " row '" + row + "'");
  }

  private static void assertContains(String text, String part) {
    assertTrue(text.contains(part), "expected '" + part + "' in\n" + text);
  }

  private static List<String> lines(String s) {
    return List.of(s.split("\n"));
  }

  private static Optional<String> line(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).findFirst();
  }
}
