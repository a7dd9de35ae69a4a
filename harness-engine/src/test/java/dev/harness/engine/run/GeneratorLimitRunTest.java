package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.judge.Judge;
import dev.harness.engine.judge.Judgement;
import dev.harness.engine.judge.Rules;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.target.Delay;
import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.testkit.Specs;
import dev.harness.engine.testkit.TargetExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who a failed latency criterion is blamed on, on real runs: a worker starved of time against a
 * fast target is the generator's limit ({@code invalid}); a slow target with an idle worker is the
 * target's ({@code fail}). Both are far from the line on any machine: the starved worker's loop is
 * held all the time, the idle one sends a hundred requests a second.
 */
@Tag("timing")
class GeneratorLimitRunTest {
  @RegisterExtension static final TargetExtension fast = TargetExtension.withDefaults();

  @RegisterExtension
  static final TargetExtension slow =
      TargetExtension.with(TargetConfig.builder().delay(Delay.parse("30ms")));

  /** Holds the worker's loop for 3 ms of every pacing tick, running or waiting for a CPU. */
  private static void starve() {
    long until = System.nanoTime() + 3_000_000L;
    while (System.nanoTime() - until < 0) {
      Thread.onSpinWait();
    }
  }

  @Test
  void aStarvedWorkerAgainstAFastTargetIsTheGeneratorsLimit() throws Exception {
    RunSpec spec = Specs.open(fast.url() + "/", 1000, 3, 1, 16, "p99 < 1ms");
    Measured m =
        new LoadRun(spec, RunListener.NONE, Specs.SECOND)
            .supervised(new Supervision(RestartPolicy.Scheduler::of, GeneratorLimitRunTest::starve))
            .measure();
    Judgement j = Judge.judge(Rules.plain(spec), m.measurements());
    RunResult r = m.judged(spec, j);

    assertEquals(
        Verdict.INVALID,
        r.verdict(),
        "verdict; reason: " + r.reason() + "; seconds " + r.generator().seconds());
    assertTrue(
        r.reason().startsWith("the generator"), "the reason names the generator: " + r.reason());
    assertTrue(
        m.measurements().spare().boundSeconds() > 0,
        "the worker had no time to spare: " + r.generator().seconds());
  }

  @Test
  void aSlowTargetWithAnIdleWorkerFails() throws Exception {
    RunResult r = Runs.run(Specs.open(slow.url() + "/", 100, 3, 1, 16, "p99 < 5ms"));

    assertEquals(Verdict.FAIL, r.verdict(), "verdict; reason: " + r.reason());
    assertTrue(r.generator().heldSchedule(), "the generator kept up: " + r.generator().seconds());
  }
}
