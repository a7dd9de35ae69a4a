package dev.harness.engine.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.GeneratorSecond;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.RequestResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * A failure the generator's own limit explains is {@code invalid}; one the target explains stays
 * {@code fail}: judged on measurements built by hand.
 */
class GeneratorLimitTest {
  private static final long S = 1_000_000_000L;
  private static final long MS = 1_000_000L;

  /** {@code n} answers in {@code seconds} seconds, all taking {@code millis}. */
  private static Stats answers(long n, long seconds, long millis) {
    Histogram h = new Histogram(3);
    h.recordValueWithCount(millis * MS, n);
    long[] o = new long[Outcome.count()];
    o[Outcome.S2XX.ordinal()] = n;
    return new Stats(seconds * S, n, n, OutcomeCounts.of(o), h, h);
  }

  /** Ten measured seconds; the first {@code bound} with a worker busy 97 %, the rest 20 %. */
  private static GeneratorHealth generator(int bound) {
    List<GeneratorSecond> seconds = new ArrayList<>();
    for (int t = 0; t < 10; t++) {
      double busy = t < bound ? 0.97 : 0.2;
      seconds.add(
          new GeneratorSecond(
              t * S, (t + 1) * S, true, 1000, 0, 0, false, busy, 0, 0, 100, 0, 0, 4, 0.3, 0));
    }
    return new GeneratorHealth(
        1,
        new Histogram(3),
        0,
        10_000,
        new Histogram(3),
        1000,
        0,
        0,
        0,
        0.3,
        2,
        0,
        0,
        seconds,
        List.of());
  }

  private static Judgement judge(Stats all, GeneratorHealth g, SpareSeconds spare, String c) {
    Measurements m =
        Measurements.of(all, List.of(), g, null, null, Ending.completed(10 * S)).withSpare(spare);
    return Judge.judge(new Rules(List.of(Criterion.parse(c)), true, 0, null), m);
  }

  private static SpareSeconds spare(long seconds, long bound, Stats s) {
    return new SpareSeconds(seconds, bound, s, List.of(new RequestResult("GET /", s)));
  }

  @Test
  void aFailureOnlyInTheBoundSecondsIsTheGeneratorsLimit() {
    // 3 bound seconds of 800 ms waits, 7 spare seconds of 2 ms answers: p99 fails overall only.
    Stats all = answers(7000, 7, 2).plus(answers(3000, 3, 800));
    Judgement j = judge(all, generator(3), spare(7, 3, answers(7000, 7, 2)), "p99 < 10ms");

    assertEquals(Verdict.INVALID, j.verdict(), j.reason());
    assertEquals(Judgement.Cause.GENERATOR_BUSY, j.cause());
    assertTrue(
        j.reason().startsWith("the generator, not the target, failed p99 < 10ms")
            && j.reason().contains("no time to spare in 3 of 10 measured seconds")
            && j.reason().contains("in the 7 seconds it had time to spare, the criterion held")
            && j.reason().contains("more workers"),
        j.reason());
  }

  @Test
  void aGeneratorBoundThroughoutCannotJudgeTheTarget() {
    Stats all = answers(10_000, 10, 800);
    Judgement j = judge(all, generator(10), spare(0, 10, Stats.empty()), "p99 < 10ms");

    assertEquals(Verdict.INVALID, j.verdict(), j.reason());
    assertTrue(j.reason().contains("no time to spare in 10 of 10"), j.reason());
  }

  @Test
  void aSlowTargetFailsEvenWhenTheGeneratorWasBoundForAWhile() {
    // The spare seconds are slow too: the target, not the generator.
    Stats all = answers(10_000, 10, 50);
    Judgement j = judge(all, generator(2), spare(8, 2, answers(8000, 8, 50)), "p99 < 10ms");

    assertEquals(Verdict.FAIL, j.verdict(), j.reason());
    assertEquals(Judgement.Cause.CRITERIA_FAILED, j.cause());
  }

  @Test
  void aGeneratorBoundInHalfTheSecondsCannotJudgeTheTargetEither() {
    // The spare seconds fail too, but they are too few to speak for the run.
    Stats all = answers(10_000, 10, 50);
    Judgement j = judge(all, generator(5), spare(5, 5, answers(5000, 5, 50)), "p99 < 10ms");

    assertEquals(Verdict.INVALID, j.verdict(), j.reason());
    assertTrue(j.reason().contains("no time to spare in 5 of 10"), j.reason());
  }

  @Test
  void anIdleGeneratorNeverTakesTheBlame() {
    Stats all = answers(10_000, 10, 50);
    Judgement j = judge(all, generator(0), spare(10, 0, all), "p99 < 10ms");

    assertEquals(Verdict.FAIL, j.verdict(), j.reason());
  }

  @Test
  void aFailedCriterionTheSpareSecondsCannotAnswerStandsAsAFailure() {
    // status criteria need the exact statuses, which the spare seconds do not keep.
    Stats all = answers(10_000, 10, 2);
    Judgement j = judge(all, generator(10), spare(0, 10, Stats.empty()), "status2xx < 1");

    assertEquals(Verdict.FAIL, j.verdict(), j.reason());
  }

  @Test
  void withoutTheSpareSecondsTheJudgeDoesNotGuess() {
    Stats all = answers(10_000, 10, 800);
    Judgement j = judge(all, generator(10), null, "p99 < 10ms");

    assertEquals(Verdict.FAIL, j.verdict(), j.reason());
  }

  @Test
  void aBacklogLeftByABoundSecondKeepsTheNextOneBound() {
    GeneratorSecond busy =
        new GeneratorSecond(0, S, true, 1000, 0, 900, false, 0.95, 0, 0, 100, 0, 500, 4, 0.5, 0);
    GeneratorSecond quiet =
        new GeneratorSecond(S, 2 * S, true, 1000, 0, 900, false, 0.5, 0, 0, 100, 0, 200, 4, 0.3, 0);
    GeneratorSecond drained =
        new GeneratorSecond(2 * S, 3 * S, true, 1000, 0, 0, false, 0.5, 0, 0, 100, 0, 0, 4, 0.3, 0);
    GeneratorSecond after =
        new GeneratorSecond(3 * S, 4 * S, true, 1000, 0, 0, false, 0.5, 0, 0, 100, 0, 0, 4, 0.3, 0);
    GeneratorHealth g =
        new GeneratorHealth(
            1,
            new Histogram(3),
            0,
            4000,
            new Histogram(3),
            400,
            0,
            0,
            0,
            0.3,
            2,
            0,
            0,
            List.of(busy, quiet, drained, after),
            List.of());

    boolean[] flags = g.boundFlags();
    assertTrue(flags[0] && flags[1] && flags[2] && !flags[3], java.util.Arrays.toString(flags));
    assertEquals(3, g.boundSeconds());
  }
}
