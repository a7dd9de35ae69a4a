package dev.harness.engine.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.StatusSet;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.Stats;
import dev.harness.engine.time.InvalidInputException;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Criteria on statuses ({@code status429 >= 40%}) and the expected-status set they go with. */
class StatusCriterionTest {

  /** 300 answers: 100 of 200 and 200 of 429 (expected), plus 3 of 503 (not expected). */
  private static Stats stats() {
    long[] outcomes = new long[Outcome.count()];
    outcomes[Outcome.S2XX.ordinal()] = 100;
    outcomes[Outcome.S4XX.ordinal()] = 200;
    outcomes[Outcome.S5XX.ordinal()] = 3;
    OutcomeCounts o = OutcomeCounts.of(outcomes, 3, Map.of(200, 100L, 429, 200L, 503, 3L));
    Histogram h = new Histogram(3);
    h.recordValueWithCount(1_000_000L, 303);
    return new Stats(1_000_000_000L, 303, 303, o, h, h.copy());
  }

  @Test
  void aShareCriterionComparesThePercentOfRequestsWithTheStatus() {
    CriterionResult pass = Evaluation.evaluate(Criterion.parse("status429 >= 40%"), stats());
    assertTrue(pass.passed(), pass.toString());
    assertEquals(100.0 * 200 / 303, pass.actual(), 1e-9);
    assertEquals("66.007% (200 of 303)", pass.actualText());
    assertFalse(Evaluation.evaluate(Criterion.parse("status429 < 50%"), stats()).passed());
  }

  @Test
  void aCountCriterionOnAClassReadsTheClassCount() {
    assertFalse(Evaluation.evaluate(Criterion.parse("status5xx == 0"), stats()).passed());
    CriterionResult r = Evaluation.evaluate(Criterion.parse("status5xx <= 3"), stats());
    assertTrue(r.passed(), r.toString());
    assertEquals("3", r.actualText());
    assertTrue(Evaluation.evaluate(Criterion.parse("status404 == 0"), stats()).passed());
  }

  @Test
  void errorsCountOnlyTheUnexpectedAnswers() {
    assertEquals(3, stats().errors(), "the 429s were expected, the 503s not");
    assertEquals(400, stats().outcomes().plus(stats().outcomes()).status("429"), "counts add up");
  }

  @Test
  void oldCountsWithoutAnExpectedSetTreat4xxAnd5xxAsErrors() {
    long[] outcomes = new long[Outcome.count()];
    outcomes[Outcome.S2XX.ordinal()] = 10;
    outcomes[Outcome.S4XX.ordinal()] = 2;
    outcomes[Outcome.TIMEOUT.ordinal()] = 1;
    assertEquals(3, OutcomeCounts.of(outcomes).errors());
  }

  @Test
  void refusesWhatIsNoStatus() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Criterion.parse("status42 >= 1%"));
    assertTrue(e.getMessage().contains("status429, status5xx"), e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> Criterion.parse("status429 >= 40ms"));
    assertTrue(e.getMessage().contains("a share (status429 >= 40%)"), e.getMessage());
    assertThrows(InvalidInputException.class, () -> Criterion.parse("status429 >= 140%"));
  }

  @Test
  void statusSetsTakeCodesRangesAndClasses() {
    StatusSet s = StatusSet.parse("200-299, 429,5xx");
    assertTrue(s.contains(200) && s.contains(299) && s.contains(429) && s.contains(503));
    assertFalse(s.contains(300) || s.contains(404) || s.contains(428));
    assertTrue(StatusSet.DEFAULT.contains(302) && !StatusSet.DEFAULT.contains(400));
    assertEquals("200-299,429,5xx", s.toString());
    assertThrows(InvalidInputException.class, () -> StatusSet.parse("299-200"));
    assertThrows(InvalidInputException.class, () -> StatusSet.parse("600"));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> StatusSet.parse("200,ok"));
    assertEquals("'ok' is not a status code (429), range (200-299) or class (2xx)", e.getMessage());
  }
}
