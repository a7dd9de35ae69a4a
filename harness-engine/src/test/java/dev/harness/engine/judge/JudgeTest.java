package dev.harness.engine.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.FaultWindow;
import dev.harness.engine.model.ResilienceSpec;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.FaultImpact;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.GeneratorSecond;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.Resilience;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.result.WorkerRestart;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The one judging step, on measurements built by hand: no run, no socket. */
class JudgeTest {
  private static final long S = 1_000_000_000L;
  private static final long MS = 1_000_000L;
  private static final long LENGTH = 10 * S;

  /** Ten seconds of {@code ok} answers of 1..{@code slowestMillis} ms and {@code errors} 5xx. */
  private static Stats stats(long ok, long errors, long slowestMillis) {
    Histogram response = new Histogram(3);
    for (long i = 0; i < ok; i++) {
      response.recordValue((1 + i % slowestMillis) * MS);
    }
    long[] o = new long[Outcome.count()];
    o[Outcome.S2XX.ordinal()] = ok;
    o[Outcome.S5XX.ordinal()] = errors;
    return new Stats(LENGTH, ok + errors, ok + errors, OutcomeCounts.of(o), response, response);
  }

  /** A generator that was behind in {@code behind} of ten measured seconds. */
  private static GeneratorHealth generator(int behind, List<WorkerRestart> restarts) {
    List<GeneratorSecond> seconds = new ArrayList<>();
    for (int t = 0; t < 10; t++) {
      long late = t < behind ? 90 : 0;
      seconds.add(
          new GeneratorSecond(
              t * S, (t + 1) * S, true, 100, late, 0, false, 0.2, 0, 0, 100, 0, 0, 0, 0.1, 0));
    }
    return new GeneratorHealth(
        1,
        new Histogram(3),
        behind * 90L,
        1000,
        new Histogram(3),
        1000,
        0,
        0,
        0,
        0.1,
        2,
        0,
        0,
        seconds,
        restarts);
  }

  private static Measurements measured(Stats stats, GeneratorHealth generator, Ending ending) {
    return Measurements.of(stats, List.of(), generator, null, null, ending);
  }

  private static Rules rules(String... criteria) {
    return new Rules(List.of(criteria).stream().map(Criterion::parse).toList(), true, 0, null);
  }

  private static void assertCriteria(Judgement j, boolean... passed) {
    assertEquals(passed.length, j.criteria().size(), j.criteria().toString());
    for (int i = 0; i < passed.length; i++) {
      assertEquals(passed[i], j.criteria().get(i).passed(), j.criteria().get(i).toString());
    }
  }

  @Test
  void passesWhenEveryCriterionHolds() {
    Judgement j =
        Judge.judge(
            rules("p99 < 50ms", "errors < 1%"),
            measured(stats(1000, 0, 20), generator(0, List.of()), Ending.completed(LENGTH)));
    assertEquals(Verdict.PASS, j.verdict());
    assertEquals(Judgement.Cause.CRITERIA_MET, j.cause());
    assertNull(j.reason());
    assertCriteria(j, true, true);
    assertNull(j.resilience(), "a plain run gets no resilience figures");
  }

  @Test
  void failsWhenACriterionDoesNotHoldAndSaysHowMany() {
    Judgement j =
        Judge.judge(
            rules("p99 < 50ms", "errors < 1%"),
            measured(stats(1000, 50, 20), generator(0, List.of()), Ending.completed(LENGTH)));
    assertEquals(Verdict.FAIL, j.verdict());
    assertEquals("1 of 2 criteria failed", j.reason());
    assertCriteria(j, true, false);
    assertEquals("4.762% (50 of 1050)", j.criteria().get(1).actualText());
  }

  @Test
  void aGeneratorBehindItsScheduleMakesTheRunInvalidNotFailed() {
    Judgement j =
        Judge.judge(
            rules("p99 < 5ms"),
            measured(stats(1000, 0, 20), generator(5, List.of()), Ending.completed(LENGTH)));
    assertEquals(Verdict.INVALID, j.verdict());
    assertEquals(Judgement.Cause.GENERATOR_BEHIND, j.cause());
    assertTrue(j.generatorBehind());
    assertTrue(
        j.reason().startsWith("the generator fell behind its schedule in 5 of 10 measured seconds"),
        j.reason());
    assertCriteria(j, false);
  }

  @Test
  void aClosedModelHasNoScheduleToFallBehind() {
    Rules closed = new Rules(List.of(Criterion.parse("p99 < 50ms")), false, 0, null);
    Judgement j =
        Judge.judge(
            closed,
            measured(stats(1000, 0, 20), generator(5, List.of()), Ending.completed(LENGTH)));
    assertEquals(Verdict.PASS, j.verdict());
    assertTrue(j.generatorBehind(), "the note survives whatever decided the verdict");
  }

  @Test
  void aTargetThatNeverAnsweredMakesTheRunInvalid() {
    long[] o = new long[Outcome.count()];
    o[Outcome.CONNECT_ERROR.ordinal()] = 40;
    Stats refused =
        new Stats(LENGTH, 40, 0, OutcomeCounts.of(o), new Histogram(3), new Histogram(3));
    Measurements m =
        Measurements.of(
            refused,
            List.of(),
            generator(0, List.of()),
            null,
            "Connection refused",
            Ending.completed(LENGTH));
    Judgement j = Judge.judge(rules("errors < 1%"), m);
    assertEquals(Verdict.INVALID, j.verdict());
    assertEquals(Judgement.Cause.NO_ANSWER, j.cause());
    assertEquals(
        "the target never answered in the measured window (40 connect_error; last connect error:"
            + " Connection refused)",
        j.reason());
    assertCriteria(j, false);
  }

  @Test
  void theGeneratorsOwnFailureIsInvalidNotATargetThatNeverAnswered() {
    long[] o = new long[Outcome.count()];
    o[Outcome.CONNECT_ERROR.ordinal()] = 40;
    Stats refused =
        new Stats(LENGTH, 40, 0, OutcomeCounts.of(o), new Histogram(3), new Histogram(3));
    String why = "the generator ran out of file descriptors (ulimit -n 256): Too many open files";
    Measurements m =
        Measurements.of(
            refused,
            List.of(),
            generator(0, List.of()),
            null,
            "Too many open files",
            Ending.failed(2 * S, LENGTH, why));
    Judgement j = Judge.judge(rules("errors < 1%"), m);
    assertEquals(Verdict.INVALID, j.verdict());
    assertEquals(Judgement.Cause.GENERATOR_FAILED, j.cause());
    assertEquals(why, j.reason());
  }

  @Test
  void aWorkerThatGaveUpMakesTheRunInvalid() {
    List<WorkerRestart> restarts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      restarts.add(new WorkerRestart(1, i * S, "boom", i < 5 ? S : 0, i == 5));
    }
    Judgement j =
        Judge.judge(
            rules("p99 < 50ms"),
            measured(stats(1000, 0, 20), generator(0, restarts), Ending.completed(LENGTH)));
    assertEquals(Judgement.Cause.WORKER_GAVE_UP, j.cause());
    assertEquals(
        "the generator's worker 1 failed 6 times and stopped sending (last: boom); the load was not offered:"
            + " this is a harness bug, please report it",
        j.reason());
  }

  @Test
  void aStoppedRunIsInterruptedWhateverItsCriteriaSay() {
    Judgement j =
        Judge.judge(
            rules("p99 < 50ms", "errors < 1%"),
            measured(stats(0, 0, 1), generator(5, List.of()), Ending.interrupted(3 * S, LENGTH)));
    assertEquals(Verdict.INTERRUPTED, j.verdict());
    assertEquals(
        "interrupted after 3.00s of 10.00s; the results cover the part that ran", j.reason());
    assertCriteria(j, false, false);
  }

  @Test
  void aRunStoppedByItsAbortConditionIsAborted() {
    Measurements m =
        measured(stats(100, 400, 20), generator(0, List.of()), Ending.interrupted(4 * S, LENGTH))
            .withFaults(
                List.of(), new Resilience.Abort("errors > 10%", "80.000% (400 of 500)", 4 * S));
    Judgement j = Judge.judge(rules("errors < 1%"), m);
    assertEquals(Verdict.ABORTED, j.verdict());
    assertEquals(
        "aborted after 4.00s: 'errors > 10%' held (actual 80.000% (400 of 500)); the results"
            + " cover the part that ran",
        j.reason());
  }

  @Test
  void arrivalsTheScenarioEndedEarlyAreJudgedWithANote() {
    Ending early = Ending.early(6 * S, LENGTH, "feeder users.csv ran out of rows");
    Judgement pass =
        Judge.judge(
            rules("p99 < 50ms"), measured(stats(600, 0, 20), generator(0, List.of()), early));
    assertEquals(Verdict.PASS, pass.verdict());
    assertEquals("arrivals ended after 6.00s: feeder users.csv ran out of rows", pass.reason());
    assertEquals(pass.reason(), pass.endedEarly());
    Judgement fail =
        Judge.judge(
            rules("p99 < 5ms"), measured(stats(600, 0, 20), generator(0, List.of()), early));
    assertEquals(
        "1 of 1 criteria failed; arrivals ended after 6.00s: feeder users.csv ran out of rows",
        fail.reason());
  }

  /** One second of {@code ok} 2xx and {@code errors} 5xx with this p99. */
  private static IntervalStats second(int t, long ok, long errors, long p99Millis) {
    long[] o = new long[Outcome.count()];
    o[Outcome.S2XX.ordinal()] = ok;
    o[Outcome.S5XX.ordinal()] = errors;
    long p = p99Millis * MS;
    return new IntervalStats(
        t * S, (t + 1) * S, ok + errors, ok + errors, OutcomeCounts.of(o), p / 4, p / 2, p, p);
  }

  @Test
  void aFaultDrillIsJudgedOnItsSecondsRecoveryAndAvailability() {
    // 2 s warm-up, 10 s measured; a fault in [4 s, 7 s) whose tail spoils second 7.
    List<IntervalStats> series = new ArrayList<>();
    for (int t = 0; t < 12; t++) {
      series.add(second(t, 100, 0, t >= 4 && t <= 7 ? 200 : 10));
    }
    FaultWindow fault = FaultWindow.parse("at=4s,for=3s,latency 150ms");
    ResilienceSpec rs =
        new ResilienceSpec(List.of(fault), List.of(Criterion.parse("p99 < 50ms")), List.of());
    Rules drill =
        new Rules(
            List.of(
                Criterion.parse("recovery < 2s"),
                Criterion.parse("availability >= 99%"),
                Criterion.parse("errors < 1%")),
            true,
            2 * S,
            rs);
    Histogram during = new Histogram(3);
    during.recordValue(200 * MS);
    Measurements m =
        Measurements.of(
                stats(1000, 0, 20),
                series,
                generator(0, List.of()),
                null,
                null,
                Ending.completed(12 * S))
            .withFaults(List.of(during), null);
    Judgement j = Judge.judge(drill, m);

    Resilience res = j.resilience();
    assertEquals(List.of("p99 < 50ms"), res.slo());
    assertEquals("slo", res.sloSource());
    assertEquals(10, res.secondsJudged());
    assertEquals(6, res.secondsWithinSlo(), "seconds 4..7 missed the SLO: " + res.withinSlo());
    assertNull(res.withinSlo().get(0), "warm-up not judged");
    FaultImpact impact = res.faults().get(0);
    assertEquals(1 * S, impact.recoveryNanos(), "recovered at the start of second 8");
    assertEquals(300, impact.requests(), "the seconds that overlap [4 s, 7 s): 4, 5 and 6");
    assertEquals(during, impact.response());

    List<CriterionResult> c = j.criteria();
    assertEquals("1.00s", c.get(0).actualText());
    assertEquals("60.00% (6 of 10 s)", c.get(1).actualText());
    assertCriteria(j, true, false, true);
    assertEquals(Verdict.FAIL, j.verdict());
    assertEquals("1 of 3 criteria failed", j.reason());
  }

  @Test
  void withoutFaultsRecoveryFailsAndWithAProbeAvailabilityIsTheProbes() {
    Rules drill =
        new Rules(
            List.of(Criterion.parse("recovery < 2s"), Criterion.parse("availability >= 99%")),
            true,
            0,
            ResilienceSpec.NONE);
    List<IntervalStats> series = List.of(second(0, 100, 0, 10), second(1, 100, 0, 10));
    Judgement j =
        Judge.judge(
            drill,
            Measurements.of(
                stats(200, 0, 5),
                series,
                generator(0, List.of()),
                null,
                null,
                Ending.completed(2 * S)));
    assertEquals("no fault in the run", j.criteria().get(0).actualText());
    assertEquals("100.00% (2 of 2 s)", j.criteria().get(1).actualText());
    assertEquals("default", j.resilience().sloSource(), "no SLO and no per-second criterion");
    Judgement plain =
        Judge.judge(
            new Rules(drill.criteria(), true, 0, null),
            measured(stats(200, 0, 5), generator(0, List.of()), Ending.completed(2 * S)));
    assertEquals(
        "not measured (judged with the per-second series)", plain.criteria().get(0).actualText());
    assertFalse(plain.criteria().get(1).passed(), "availability needs a probe or the seconds");
  }

  @Test
  void aCapacityStepThatFailsWithTheGeneratorSaturatedIsInvalid() {
    Rules slo = rules("p99 < 5ms");
    Measurements failing =
        measured(stats(1000, 0, 20), generator(0, List.of()), Ending.completed(LENGTH));
    Judgement busy = Judge.judge(slo, failing.withGeneratorBusy(0.95));
    assertEquals(Verdict.INVALID, busy.verdict());
    assertEquals(Judgement.Cause.GENERATOR_BUSY, busy.cause());
    assertEquals(
        "the generator's event loops were busy 95% of the step: the failure is the generator's"
            + " limit, not the target's (1 of 1 criteria failed)",
        busy.reason());
    assertCriteria(busy, false);
    assertEquals(Verdict.FAIL, Judge.judge(slo, failing.withGeneratorBusy(0.5)).verdict());
    assertEquals(Verdict.FAIL, Judge.judge(slo, failing).verdict(), "busy share not measured");
    Measurements passing =
        measured(stats(1000, 0, 2), generator(0, List.of()), Ending.completed(LENGTH))
            .withGeneratorBusy(0.95);
    assertEquals(Verdict.PASS, Judge.judge(slo, passing).verdict(), "a pass stays a pass");
  }
}
