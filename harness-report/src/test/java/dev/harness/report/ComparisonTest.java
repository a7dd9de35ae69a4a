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

  @Test
  void differentLoadsAreNotComparable() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> Comparison.checkComparable(BASE, "open", 200));
    assertTrue(e.getMessage().contains("the baseline offered 100.0/s, the current run 200.0/s"));
    RunReport closed =
        RunReport.of(
            Results.result(
                LoadModel.CLOSED, Results.steady(), Results.generator(0, 1), Verdict.PASS, null),
            null);
    e = assertThrows(InvalidInputException.class, () -> Comparison.of(BASE, closed, List.of()));
    assertTrue(e.getMessage().contains("the baseline ran the open model"), e.getMessage());
  }

  private static void assertBad(String text, String says) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> RegressionBound.parse(text));
    assertTrue(e.getMessage().contains(says), e.getMessage());
  }
}
