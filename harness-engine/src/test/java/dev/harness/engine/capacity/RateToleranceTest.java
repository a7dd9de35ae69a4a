package dev.harness.engine.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.judge.Judgement;
import dev.harness.engine.model.CapacityPlan;
import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.CapacityResult;
import dev.harness.engine.result.CapacityStep;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.SearchLimit;
import dev.harness.engine.result.SearchOutcome;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.StepVerdict;
import dev.harness.engine.result.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * A step passes only if the target served its rate: the tolerance rule on given figures (no clock,
 * no socket), and the limit a search reports.
 */
class RateToleranceTest {
  private static final long S = 1_000_000_000L;
  private static final long MS = 1_000_000L;
  private static final RunSpec BASE = CapacitySearchPolicyTest.base(1, 5 * S);
  private static final CapacityPlan PLAN =
      new CapacityPlan(List.of(Criterion.parse("p95 < 500ms")), 500, 10_000, 0.05, 3 * S, S, 0, 0);

  /** A step's run at {@code offered}/s whose target answered {@code achieved}/s, all in 20 ms. */
  private static RunResult run(double offered, long achieved) {
    RunSpec spec = StepSpecs.forStep(BASE, PLAN, offered);
    List<IntervalStats> intervals = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      intervals.add(
          new IntervalStats(
              t * S, (t + 1) * S, (long) offered, (long) offered, ok(achieved), 0, 0, 0, 0));
    }
    Histogram h = new Histogram(3);
    h.recordValueWithCount(20 * MS, 3 * achieved);
    Stats m = new Stats(3 * S, (long) offered * 3, (long) offered * 3, ok(3 * achieved), h, h);
    return RunResult.builder()
        .spec(spec)
        .verdict(Verdict.PASS)
        .measured(m)
        .intervals(intervals)
        .build();
  }

  private static OutcomeCounts ok(long n) {
    long[] o = new long[Outcome.count()];
    o[Outcome.S2XX.ordinal()] = n;
    return OutcomeCounts.of(o);
  }

  private static Judgement sloHeld() {
    return new Judgement(
        Judgement.Cause.CRITERIA_MET,
        null,
        List.of(new CriterionResult("p95 < 500ms", 20, "20.00ms", true)),
        null,
        false,
        null);
  }

  private static CapacityStep judge(double offered, long achieved, double busy) {
    return StepJudging.of(
        1, CapacityStep.Stage.GROW, offered, 32, PLAN, run(offered, achieved), sloHeld(), busy);
  }

  @Test
  void aShortfallBeyondTheToleranceIsNamed() {
    assertNull(StepJudging.shortfall(2000, 1990, 0.02));
    assertNull(StepJudging.shortfall(2000, 1960, 0.02), "exactly 2% below is within");
    assertNull(StepJudging.shortfall(2000, 2100, 0.02), "a drained queue may exceed the offer");
    String why = StepJudging.shortfall(2000, 1890, 0.02);
    assertEquals(
        "achieved 1890.0/s, 5.5% below the offered 2000.0/s (tolerance 2%): the target's"
            + " throughput limit",
        why);
    assertTrue(StepJudging.shortfall(2000, 1990, 0) != null, "tolerance 0 asks for every answer");
  }

  @Test
  void aStepThatMetTheSloButNotTheRateFailsOnThroughput() {
    CapacityStep s = judge(2000, 1890, 0.3);
    assertEquals(StepVerdict.FAIL, s.verdict(), s.reason());
    assertEquals("throughput", s.failedOn());
    assertEquals(1890, s.achievedRate(), 1e-9);
    assertTrue(s.reason().contains("5.5% below the offered 2000.0/s"), s.reason());
    CapacityStep kept = judge(2000, 1980, 0.3);
    assertEquals(StepVerdict.PASS, kept.verdict(), kept.reason());
    assertNull(kept.failedOn());
  }

  @Test
  void aShortfallWithTheGeneratorSaturatedIsTheGeneratorsLimit() {
    CapacityStep s = judge(2000, 1500, 0.95);
    assertEquals(StepVerdict.GENERATOR_LIMIT, s.verdict(), s.reason());
    assertTrue(s.reason().contains("the generator's limit"), s.reason());
  }

  @Test
  void theStepRecordsTheSlosOwnPercentile() {
    CapacityStep s = judge(1000, 1000, 0.3);
    assertEquals(List.of(95.0), PLAN.sloPercentiles());
    assertEquals(20 * MS, s.latency().at(95), 0.001 * 20 * MS);
    assertEquals(-1, s.latency().at(97), "a percentile neither kept nor bounded");
  }

  @Test
  void aTargetThatFlattensGetsACapacityAtMostWhatItServed() throws Exception {
    double limit = 1890;
    StepRunner target =
        new StepRunner() {
          @Override
          public CapacityStep run(int number, CapacityStep.Stage stage, double rate) {
            // Meets the loose SLO at every rate, but serves no more than its limit.
            return StepJudging.of(
                number,
                stage,
                rate,
                32,
                PLAN,
                RateToleranceTest.run(rate, (long) Math.min(rate, limit)),
                sloHeld(),
                0.3);
          }
        };
    CapacityResult r = new CapacitySearch(BASE, PLAN, target).run(CapacitySearch.Listener.NONE);
    assertEquals(SearchOutcome.FOUND, r.outcome(), r.reason());
    assertEquals(SearchLimit.THROUGHPUT, r.limit().orElseThrow());
    double capacity = r.capacityRate().orElseThrow();
    double bestServed =
        r.steps().stream()
            .filter(s -> s.verdict() == StepVerdict.PASS)
            .mapToDouble(CapacityStep::achievedRate)
            .max()
            .orElseThrow();
    assertTrue(capacity <= bestServed, capacity + " above the best served " + bestServed);
    assertTrue(capacity >= 0.9 * limit && capacity <= limit, "capacity " + capacity);
    assertTrue(r.reason().contains("the target served only"), r.reason());
  }

  @Test
  void anSloFailureAtTheKneeIsTheSloLimit() throws Exception {
    Judgement sloBroken =
        new Judgement(
            Judgement.Cause.CRITERIA_FAILED,
            "1 of 1 criteria failed",
            List.of(new CriterionResult("p95 < 500ms", 900, "900ms", false)),
            null,
            false,
            null);
    StepRunner target =
        (number, stage, rate) ->
            StepJudging.of(
                number,
                stage,
                rate,
                32,
                PLAN,
                run(rate, (long) rate),
                rate <= 1890 ? sloHeld() : sloBroken,
                0.3);
    CapacityResult r = new CapacitySearch(BASE, PLAN, target).run(CapacitySearch.Listener.NONE);
    assertEquals(SearchOutcome.FOUND, r.outcome(), r.reason());
    assertEquals(SearchLimit.SLO, r.limit().orElseThrow());
    assertEquals("slo", r.lowestFail().orElseThrow().failedOn());
    assertTrue(r.reason().endsWith("failed it (within 5%)"), r.reason());
  }
}
