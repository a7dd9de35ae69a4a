package dev.harness.engine.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.judge.Judgement;
import dev.harness.engine.model.CapacityPlan;
import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Target;
import dev.harness.engine.result.CapacityResult;
import dev.harness.engine.result.CapacityStep;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.SearchOutcome;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.StepVerdict;
import dev.harness.engine.run.TargetUnreachableException;
import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The search policy alone: a made-up target answers each rate with a verdict, no network. */
class CapacitySearchPolicyTest {
  private static final long SECOND = 1_000_000_000L;
  private static final RunSpec BASE = base(1, 5 * SECOND);

  static RunSpec base(int workers, long timeoutNanos) {
    Target t = Target.parse("http://127.0.0.1:9/");
    return RunSpec.builder()
        .target(t)
        .request(RequestSpec.of("get", "GET", "/", List.of(), null))
        .phases(List.of(new Phase("main", SECOND, new RateProfile.Constant(1), false)))
        .model(LoadModel.OPEN)
        .workers(workers)
        .connections(Math.max(workers, 1))
        .timeoutNanos(timeoutNanos)
        .build();
  }

  static CapacityPlan plan(double start, double max, double precision, double require) {
    return new CapacityPlan(
        List.of(Criterion.parse("p99 < 50ms")), start, max, precision, SECOND, 0, 0, require);
  }

  /** Runs the search against {@code verdictAt} and records the rates it asked for. */
  private static final class Fake implements StepRunner {
    final List<Double> rates = new ArrayList<>();
    final DoubleFunction<StepVerdict> verdictAt;

    Fake(DoubleFunction<StepVerdict> verdictAt) {
      this.verdictAt = verdictAt;
    }

    @Override
    public CapacityStep run(int number, CapacityStep.Stage stage, double rate) {
      rates.add(rate);
      return step(number, stage, rate, verdictAt.apply(rate));
    }
  }

  static CapacityStep step(int number, CapacityStep.Stage stage, double rate, StepVerdict v) {
    return new CapacityStep(
        number,
        stage,
        rate,
        32,
        v,
        v == StepVerdict.PASS ? null : v.label(),
        rate,
        (long) rate,
        0,
        new CapacityStep.Latency(1, 1, 1, 1, 1, 1),
        List.of(),
        0,
        0.5);
  }

  private static DoubleFunction<StepVerdict> kneeAt(double knee) {
    return r -> r <= knee ? StepVerdict.PASS : StepVerdict.FAIL;
  }

  private static CapacityResult search(CapacityPlan plan, Fake fake) throws Exception {
    return new CapacitySearch(BASE, plan, fake).run(CapacitySearch.Listener.NONE);
  }

  @Test
  void growsGeometricallyThenBisectsToThePrecision() throws Exception {
    Fake fake = new Fake(kneeAt(1890));
    CapacityResult r = search(plan(500, 200_000, 0.05, 0), fake);
    assertEquals(List.of(500.0, 1000.0, 2000.0, 1500.0, 1750.0, 1875.0, 1937.5), fake.rates);
    assertEquals(SearchOutcome.FOUND, r.outcome(), r.reason());
    assertEquals(1875.0, r.capacity().orElseThrow().rate());
    assertEquals(1937.5, r.lowestFail().orElseThrow().rate());
    assertEquals(CapacityStep.Stage.GROW, r.steps().get(2).stage());
    assertEquals(CapacityStep.Stage.BISECT, r.steps().get(3).stage());
    assertEquals(0, r.exitCode());
  }

  @Test
  void bracketsTheKneeWithinThePrecisionWhereverItIs() throws Exception {
    for (double knee : new double[] {137, 999, 1000, 1001, 4321, 77_777, 150_001}) {
      for (double precision : new double[] {0.01, 0.05, 0.2}) {
        CapacityResult r = search(plan(100, 200_000, precision, 0), new Fake(kneeAt(knee)));
        double pass = r.capacity().orElseThrow().rate();
        double fail = r.lowestFail().orElseThrow().rate();
        String where = "knee " + knee + ", precision " + precision + ": " + pass + "-" + fail;
        assertTrue(pass <= knee && knee < fail, where);
        assertTrue(fail - pass <= precision * pass, where);
      }
    }
  }

  @Test
  void generatorLimitEndsTheSearchWithoutACapacity() throws Exception {
    Fake fake = new Fake(r -> r >= 50_000 ? StepVerdict.GENERATOR_LIMIT : StepVerdict.PASS);
    CapacityResult r = search(plan(500, 1_000_000, 0.05, 0), fake);
    assertEquals(SearchOutcome.GENERATOR_LIMIT, r.outcome());
    assertEquals(
        List.of(32_000.0, 64_000.0, 64_000.0, 64_000.0),
        fake.rates.subList(fake.rates.size() - 4, fake.rates.size()),
        "runs the invalid rate twice more, then stops");
    assertTrue(r.capacity().isEmpty(), "never a capacity the generator set");
    assertEquals(32_000.0, r.highestPass().orElseThrow().rate());
    assertEquals(64_000.0, r.generatorLimit().orElseThrow().rate());
    assertTrue(r.reason().contains("the limit found is the generator's"), r.reason());
    assertEquals(3, r.exitCode());
  }

  @Test
  void generatorLimitAfterTheRequiredRatePassedStillMeetsIt() throws Exception {
    DoubleFunction<StepVerdict> v =
        r -> r >= 50_000 ? StepVerdict.GENERATOR_LIMIT : StepVerdict.PASS;
    assertEquals(0, search(plan(500, 1_000_000, 0.05, 20_000), new Fake(v)).exitCode());
    assertEquals(3, search(plan(500, 1_000_000, 0.05, 40_000), new Fake(v)).exitCode());
  }

  @Test
  void generatorLimitDuringBisectionAlsoEndsIt() throws Exception {
    Fake fake =
        new Fake(
            r ->
                r == 1500
                    ? StepVerdict.GENERATOR_LIMIT
                    : r <= 1890 ? StepVerdict.PASS : StepVerdict.FAIL);
    CapacityResult r = search(plan(500, 200_000, 0.05, 0), fake);
    assertEquals(List.of(500.0, 1000.0, 2000.0, 1500.0, 1500.0, 1500.0), fake.rates);
    assertEquals(SearchOutcome.GENERATOR_LIMIT, r.outcome());
    assertTrue(r.capacity().isEmpty());
  }

  @Test
  void generatorFallingBehindTwiceIsRunAgainAndTheSearchGoesOn() throws Exception {
    int[] calls = {0};
    Fake fake =
        new Fake(
            r -> {
              calls[0]++;
              if (calls[0] == 2 || calls[0] == 3) {
                return StepVerdict.GENERATOR_LIMIT; // moments without CPU
              }
              return r <= 1890 ? StepVerdict.PASS : StepVerdict.FAIL;
            });
    CapacityResult r = search(plan(500, 200_000, 0.05, 0), fake);
    assertEquals(List.of(500.0, 1000.0, 1000.0, 1000.0, 2000.0), fake.rates.subList(0, 5));
    assertEquals(CapacityStep.Stage.RETRY, r.steps().get(2).stage());
    assertEquals(CapacityStep.Stage.RETRY, r.steps().get(3).stage());
    assertEquals(CapacityStep.Stage.GROW, r.steps().get(4).stage());
    assertEquals(SearchOutcome.FOUND, r.outcome(), r.reason());
    assertTrue(r.generatorLimit().isEmpty(), "a rate the generator held again is no limit");
    assertEquals(1875.0, r.capacity().orElseThrow().rate());
  }

  @Test
  void everyStepPassingUpToTheMaximumIsALowerBound() throws Exception {
    Fake fake = new Fake(kneeAt(1e9));
    CapacityResult r = search(plan(500, 3000, 0.05, 3000), fake);
    assertEquals(List.of(500.0, 1000.0, 2000.0, 3000.0), fake.rates, "the last step is the max");
    assertEquals(SearchOutcome.ABOVE_MAX, r.outcome());
    assertEquals(3000.0, r.capacity().orElseThrow().rate());
    assertEquals(0, r.exitCode(), "required 3000, at least 3000 passed");
  }

  @Test
  void firstStepFailingEndsBelowTheStartRate() throws Exception {
    Fake fake = new Fake(kneeAt(100));
    CapacityResult r = search(plan(500, 200_000, 0.05, 0), fake);
    assertEquals(List.of(500.0), fake.rates);
    assertEquals(SearchOutcome.BELOW_START, r.outcome());
    assertTrue(r.capacity().isEmpty());
    assertEquals(1, r.exitCode());
  }

  @Test
  void requiredRateDecidesTheExitCode() throws Exception {
    assertEquals(0, search(plan(500, 200_000, 0.05, 1800), new Fake(kneeAt(1890))).exitCode());
    CapacityResult below = search(plan(500, 200_000, 0.05, 1900), new Fake(kneeAt(1890)));
    assertEquals(SearchOutcome.FOUND, below.outcome());
    assertFalse(below.requireMet().orElseThrow());
    assertEquals(1, below.exitCode(), "capacity 1875/s is below the required 1900/s");
  }

  @Test
  void targetNeverAnsweringBeforeAnyPassIsInvalid() throws Exception {
    CapacityResult r = search(plan(500, 200_000, 0.05, 0), new Fake(x -> StepVerdict.NO_ANSWER));
    assertEquals(SearchOutcome.TARGET_INVALID, r.outcome());
    assertEquals(1, r.steps().size());
    assertEquals(3, r.exitCode());
  }

  @Test
  void targetNoLongerAnsweringAtAHigherRateFailedIt() throws Exception {
    Fake fake = new Fake(r -> r <= 1890 ? StepVerdict.PASS : StepVerdict.NO_ANSWER);
    CapacityResult r = search(plan(500, 200_000, 0.05, 0), fake);
    assertEquals(SearchOutcome.FOUND, r.outcome());
    assertEquals(1875.0, r.capacity().orElseThrow().rate());
  }

  @Test
  void unreachableTargetOnTheFirstStepIsThrown() {
    StepRunner gone =
        (n, s, rate) -> {
          throw new TargetUnreachableException("connection refused");
        };
    CapacitySearch search = new CapacitySearch(BASE, plan(500, 1000, 0.05, 0), gone);
    assertThrows(TargetUnreachableException.class, () -> search.run(CapacitySearch.Listener.NONE));
  }

  @Test
  void interruptedStepEndsTheSearchKeepingWhatWasFound() throws Exception {
    Fake fake = new Fake(r -> r >= 2000 ? StepVerdict.INTERRUPTED : StepVerdict.PASS);
    CapacityResult r = search(plan(500, 200_000, 0.05, 0), fake);
    assertEquals(SearchOutcome.INTERRUPTED, r.outcome());
    assertEquals(3, r.steps().size());
    assertEquals(1000.0, r.highestPass().orElseThrow().rate());
    assertTrue(r.capacity().isEmpty(), "an interrupted search has no capacity, only a bound");
    assertEquals(130, r.exitCode());
  }

  @Test
  void stopBetweenStepsRunsNoMoreSteps() throws Exception {
    CapacitySearch[] search = new CapacitySearch[1];
    Fake fake =
        new Fake(
            r -> {
              search[0].stop();
              return StepVerdict.PASS;
            });
    search[0] = new CapacitySearch(BASE, plan(500, 200_000, 0.05, 0), fake);
    CapacityResult r = search[0].run(CapacitySearch.Listener.NONE);
    assertEquals(List.of(500.0), fake.rates);
    assertEquals(SearchOutcome.INTERRUPTED, r.outcome());
  }

  @Test
  void anInvalidStepIsTheGeneratorsLimitOnlyWhenTheGeneratorIsWhy() {
    long[] ok = new long[Outcome.count()];
    ok[Outcome.S2XX.ordinal()] = 10;
    Stats answered =
        new Stats(SECOND, 10, 10, OutcomeCounts.of(ok), new Histogram(3), new Histogram(3));
    assertEquals(
        StepVerdict.GENERATOR_LIMIT,
        StepJudging.verdictOf(judged(Judgement.Cause.GENERATOR_BUSY, false), answered));
    assertEquals(
        StepVerdict.GENERATOR_LIMIT,
        StepJudging.verdictOf(judged(Judgement.Cause.GENERATOR_BEHIND, true), answered));
    assertEquals(
        StepVerdict.NO_ANSWER,
        StepJudging.verdictOf(judged(Judgement.Cause.NO_ANSWER, true), Stats.empty()));
    assertEquals(
        StepVerdict.GENERATOR_LIMIT,
        StepJudging.verdictOf(judged(Judgement.Cause.GENERATOR_FAILED, false), Stats.empty()),
        "out of descriptors is the generator's limit, not a target that never answered");
    assertEquals(
        StepVerdict.NO_ANSWER,
        StepJudging.verdictOf(judged(Judgement.Cause.WORKER_GAVE_UP, false), answered));
    assertEquals(
        StepVerdict.FAIL,
        StepJudging.verdictOf(judged(Judgement.Cause.CRITERIA_FAILED, false), answered));
    assertEquals(
        StepVerdict.PASS,
        StepJudging.verdictOf(judged(Judgement.Cause.CRITERIA_MET, true), answered),
        "a pass stays a pass, however busy the generator");
  }

  private static Judgement judged(Judgement.Cause cause, boolean behind) {
    return new Judgement(cause, null, List.of(), null, behind, null);
  }

  @Test
  void badPlansAreRefusedWithOneLine() {
    assertBad(() -> plan(-5, 1000, 0.05, 0), "start must be a positive rate");
    assertBad(() -> plan(500, 400, 0.05, 0), "max (400.0) must be a finite rate at least start");
    assertBad(() -> plan(500, 1000, 0, 0), "precision must be between 0% and 100%");
    assertBad(() -> plan(500, 1000, 1, 0), "precision must be between 0% and 100%");
    assertBad(() -> plan(500, 1000, 0.05, 2000), "require (2000.0) must be between 0 and max");
    assertBad(
        () -> new CapacityPlan(List.of(), 500, 1000, 0.05, SECOND, 0, 0, 0), "at least one SLO");
  }

  private static void assertBad(Runnable r, String says) {
    InvalidInputException e = assertThrows(InvalidInputException.class, r::run);
    assertTrue(e.getMessage().contains(says), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void connectionsFollowRateTimesTheLatencyBound() {
    CapacityPlan p99 = plan(500, 200_000, 0.05, 0);
    assertEquals(200, StepSpecs.connections(BASE, p99, 2000), "2 x 2000/s x 50ms");
    assertEquals(32, StepSpecs.connections(BASE, p99, 10), "never fewer than 32");
    assertEquals(1024, StepSpecs.connections(BASE, p99, 1_000_000), "capped");
    CapacityPlan errorsOnly =
        new CapacityPlan(List.of(Criterion.parse("errors < 1%")), 500, 1000, 0.05, SECOND, 0, 0, 0);
    assertEquals(
        1000, StepSpecs.connections(base(1, SECOND / 10), errorsOnly, 5000), "timeout bounds it");
    CapacityPlan fixed = new CapacityPlan(p99.slo(), 500, 1000, 0.05, SECOND, 0, 8, 0);
    assertEquals(8, StepSpecs.connections(BASE, fixed, 100_000), "given connections are kept");
  }

  @Test
  void stepRunIsTheBaseWithAWarmupAndAMeasuredPhaseAtTheRate() {
    CapacityPlan p =
        new CapacityPlan(
            List.of(Criterion.parse("p99 < 50ms")), 500, 1000, 0.05, 3 * SECOND, SECOND, 0, 0);
    RunSpec s = StepSpecs.forStep(base(2, 5 * SECOND), p, 1234);
    assertEquals(2, s.phases().size());
    assertTrue(s.phases().get(0).warmup());
    assertEquals(SECOND, s.phases().get(0).durationNanos());
    assertFalse(s.phases().get(1).warmup());
    assertEquals(3 * SECOND, s.phases().get(1).durationNanos());
    assertEquals(1234.0, s.phases().get(1).rate().meanRate(3 * SECOND));
    assertEquals(p.slo(), s.criteria());
    assertEquals(2, s.workers());
    assertEquals(LoadModel.OPEN, s.model());
  }
}
