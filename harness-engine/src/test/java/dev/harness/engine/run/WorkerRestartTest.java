package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.result.WorkerRestart;
import dev.harness.engine.testkit.Specs;
import dev.harness.engine.testkit.TargetExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A worker whose loop throws pauses with a growing backoff and goes on; the restarts are kept. */
@Tag("timing")
class WorkerRestartTest {
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  @Test
  void aThrowingLoopIsRestartedAfterABackoffAndTheRunGoesOn() throws Exception {
    AtomicInteger ticks = new AtomicInteger();
    // Throws on the 50th and 51st ticks: restarted after 1 s, then after 2 s.
    Runnable crash =
        () -> {
          int n = ticks.incrementAndGet();
          if (n == 50 || n == 51) {
            throw new IllegalStateException("injected failure " + n);
          }
        };
    RunResult r =
        Runs.run(
            Specs.open(target.url() + "/", 100, 6, 1, 4),
            new Supervision(RestartPolicy.Scheduler::of, crash));
    List<WorkerRestart> restarts = r.generator().restarts();
    assertEquals(2, restarts.size(), restarts.toString());
    assertEquals(1_000_000_000L, restarts.get(0).backoffNanos());
    assertEquals(2_000_000_000L, restarts.get(1).backoffNanos(), "the pause doubles");
    assertTrue(restarts.get(0).error().contains("injected failure 50"), restarts.toString());
    assertFalse(r.generator().workerGaveUp());
    // Nothing is lost: arrivals due during the pauses are sent late, after them.
    assertEquals(600, r.measured().requests());
    assertEquals(0, r.measured().errors());
  }

  @Test
  void aWorkerThatKeepsThrowingGivesUpAndTheRunIsInvalid() throws Exception {
    Runnable crash =
        () -> {
          throw new IllegalStateException("always");
        };
    // 1 + 2 + 4 + 8 + 16 s of pauses before the sixth failure, here on a clock a hundred times
    // faster: the pauses are as recorded, only the timer runs them shorter.
    Supervision fast =
        new Supervision(
            loop ->
                new RestartPolicy.Scheduler() {
                  @Override
                  public long nanoTime() {
                    return System.nanoTime();
                  }

                  @Override
                  public void schedule(Runnable task, long delayNanos) {
                    loop.schedule(task, delayNanos / 100, TimeUnit.NANOSECONDS);
                  }
                },
            crash);
    RunResult r = Runs.run(Specs.open(target.url() + "/", 20, 2, 1, 2), fast);
    List<WorkerRestart> restarts = r.generator().restarts();
    assertEquals(RestartPolicy.MAX_RESTARTS + 1, restarts.size(), restarts.toString());
    assertTrue(restarts.get(RestartPolicy.MAX_RESTARTS).gaveUp());
    assertEquals(16_000_000_000L, restarts.get(4).backoffNanos(), "16 s before the fifth restart");
    assertEquals(Verdict.INVALID, r.verdict());
    assertTrue(r.reason().contains("failed 6 times and stopped sending"), r.reason());
  }
}
