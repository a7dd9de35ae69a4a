package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.LoadModel;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.time.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {
  private static final RunReport BASE = RunReport.of(Results.result(), null);

  /** The usual result with every latency doubled (1..2000 ms instead of 1..1000 ms). */
  private static RunReport slower() {
    Stats s = Results.steady();
    Stats doubled =
        new Stats(
            s.durationNanos(),
            s.scheduled(),
            s.sent(),
            s.outcomes(),
            Results.histogram(1000, 2 * Results.MS),
            s.service());
    return RunReport.of(
        Results.result(LoadModel.OPEN, doubled, Results.generator(0, 1500), Verdict.FAIL, null),
        null);
  }

  @Test
  void boundsParseAndNormalise() {
    assertEquals(new RegressionBound("p99", true, 50, false), RegressionBound.parse("p99=+50%"));
    assertEquals(
        new RegressionBound("rps", false, 10, false), RegressionBound.parse(" RPS = -10 %"));
    assertEquals("errors=+0.5pp", RegressionBound.parse("errors=+0.5pp").text());
    assertEquals("p99.9=+20%", RegressionBound.parse("p99.9=+20%").text());
  }

  @Test
  void badBoundsSayWhatWouldBeValid() {
    assertBad("p99<50%", "expected METRIC=+N% or METRIC=-N%");
    assertBad("p99=50%", "expected METRIC=+N% or METRIC=-N%");
    assertBad("p42x=+5%", "unknown metric 'p42x' (known: rps, offered, p50");
    assertBad("p99=+5pp", "percentage points (pp) apply to errors only");
  }

  @Test
  void aRiseBeyondTheBoundIsARegression() {
    Comparison c = Comparison.of(BASE, slower(), List.of(RegressionBound.parse("p99=+50%")));

    assertFalse(c.held());
    Comparison.Row p99 = c.rows().stream().filter(r -> r.metric().equals("p99")).findFirst().get();
    assertTrue(p99.exceeded());
    assertEquals("+100.0%", p99.changeText());
    assertTrue(c.verdict().startsWith("regression: p99 +100.0% (bound +50%)"), c.verdict());
    assertTrue(ComparisonTable.text(c).contains("EXCEEDED"), ComparisonTable.text(c));
  }

  @Test
  void aChangeWithinTheBoundHolds() {
    Comparison c =
        Comparison.of(
            BASE,
            slower(),
            List.of(RegressionBound.parse("p99=+150%"), RegressionBound.parse("rps=-10%")));
    assertTrue(c.held(), c.verdict());
    assertEquals(2, c.bounded());
  }

  @Test
  void errorsFromZeroFailARelativeBoundButNotAPointBound() {
    RegressionBound relative = RegressionBound.parse("errors=+50%");
    RegressionBound points = RegressionBound.parse("errors=+1pp");
    assertTrue(relative.exceededBy(0.0, 0.2), "0% to 0.2% is an infinite rise");
    assertFalse(points.exceededBy(0.0, 0.2), "0.2 points is within 1");
    assertFalse(relative.exceededBy(0.0, 0.0), "no change");
    assertTrue(relative.exceededBy(null, 0.0), "nothing measured never passes");
  }

  /** A pass at {@code perSecond} for 10 s, latency 1..1000 times {@code unitNanos}, no errors. */
  private static RunReport at(String target, double perSecond, long unitNanos) {
    long n = (long) (perSecond * 10);
    Stats s =
        new Stats(
            10 * Results.S,
            n,
            n,
            Results.outcomes(n, 0, 0, 0),
            Results.histogram(1000, unitNanos),
            Results.histogram(1000, unitNanos / 2));
    return RunReport.of(Results.result(target, perSecond, s), null);
  }

  private static final String HERE = "http://127.0.0.1:8080/";

  @Test
  void aPeakComparesWithItsBaselineAndSaysTheLoadsDiffer() {
    RunReport base = at(HERE, 1000, Results.MS);
    RunReport peak = at(HERE, 2000, 12 * Results.MS / 10);

    Comparison within = Comparison.of(base, peak, List.of(RegressionBound.parse("p99=+50%")));
    assertTrue(within.held(), within.verdict());
    assertEquals(
        List.of("the loads differ (1000.0/s vs 2000.0/s, +100%): changes include the load"),
        within.notes());
    Comparison.Row offered =
        within.rows().stream().filter(r -> r.metric().equals("offered")).findFirst().get();
    assertEquals("+100.0%", offered.changeText());
    String text = ComparisonTable.text(within);
    assertTrue(
        text.contains("note: the loads differ (1000.0/s vs 2000.0/s, +100%): changes include"),
        text);
    assertTrue(text.matches("(?s).*\\noffered\\s+1000\\.0/s\\s+2000\\.0/s\\s+\\+100\\.0%.*"), text);
    assertTrue(ComparisonTable.markdown(within).contains("> the loads differ"));

    Comparison beyond = Comparison.of(base, peak, List.of(RegressionBound.parse("p99=+10%")));
    assertFalse(beyond.held());
    assertTrue(beyond.verdict().startsWith("regression: p99 +"), beyond.verdict());
  }

  @Test
  void theSameLoadHasNoNote() {
    RunReport base = at(HERE, 1000, Results.MS);
    assertEquals(List.of(), Comparison.of(base, at(HERE, 1005, Results.MS), List.of()).notes());
  }

  @Test
  void anotherModelComparesWithANote() {
    RunReport closed =
        RunReport.of(
            Results.result(
                LoadModel.CLOSED, Results.steady(), Results.generator(0, 1), Verdict.PASS, null),
            null);
    Comparison c = Comparison.of(BASE, closed, List.of());
    assertEquals(
        List.of("the load models differ (open vs closed): changes include the load"), c.notes());
  }

  @Test
  void differentTargetsAreNotedAndRefusedOnlyWhenStrict() {
    RunReport base = at(HERE, 1000, Results.MS);
    RunReport other = at("http://127.0.0.1:9090/", 1000, Results.MS);

    Comparison c = Comparison.of(base, other, List.of(RegressionBound.parse("p99=+50%")));
    assertTrue(c.held(), c.verdict());
    assertEquals(
        List.of("targets differ: http://127.0.0.1:8080/ (baseline), http://127.0.0.1:9090/"),
        c.notes());

    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> Comparison.of(base, other, List.of(), true));
    assertTrue(
        e.getMessage()
            .contains(
                "runs not comparable (--strict): the baseline ran against http://127.0.0.1:8080/,"
                    + " the current run against http://127.0.0.1:9090/"),
        e.getMessage());
    assertTrue(Comparison.of(base, at(HERE, 2000, Results.MS), List.of(), true).held());
  }

  private static void assertBad(String text, String says) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> RegressionBound.parse(text));
    assertTrue(e.getMessage().contains(says), e.getMessage());
  }
}
