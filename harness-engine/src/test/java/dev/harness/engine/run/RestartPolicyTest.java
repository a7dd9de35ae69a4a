package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.result.WorkerRestart;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The restart policy's backoff and limit, on a clock the test moves: no socket, no sleep. */
class RestartPolicyTest {
  private static final long SECOND = 1_000_000_000L;

  /** A clock that stands still until a scheduled task is run, which moves it to the task's time. */
  private static final class FakeScheduler implements RestartPolicy.Scheduler {
    long now;
    final List<Long> delays = new ArrayList<>();
    final List<Runnable> tasks = new ArrayList<>();

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
      delays.add(delayNanos);
      tasks.add(task);
    }

    void runLast() {
      now += delays.get(delays.size() - 1);
      tasks.get(tasks.size() - 1).run();
    }
  }

  @Test
  void theBackoffDoublesFromOneSecondUpToAMinute() {
    long[] expected = {1, 2, 4, 8, 16, 32, 60, 60, 60};
    for (int n = 0; n < expected.length; n++) {
      assertEquals(
          expected[n] * SECOND, RestartPolicy.backoffNanos(n), "pause before restart " + n);
    }
  }

  @Test
  void restartsFiveTimesWithGrowingPausesThenGivesUp() {
    FakeScheduler clock = new FakeScheduler();
    clock.now = 10 * SECOND;
    long runStart = 7 * SECOND;
    RestartPolicy policy = new RestartPolicy(3, clock);
    int[] resumed = {0};
    Runnable resume = () -> resumed[0]++;
    for (int i = 0; i < RestartPolicy.MAX_RESTARTS; i++) {
      assertTrue(policy.restart(new IllegalStateException("boom " + i), runStart, resume), "" + i);
      clock.runLast();
    }
    assertFalse(policy.restart(new IllegalStateException("boom 5"), runStart, resume));
    assertEquals(5, resumed[0], "resumed after each of the five pauses");
    assertEquals(List.of(SECOND, 2 * SECOND, 4 * SECOND, 8 * SECOND, 16 * SECOND), clock.delays);

    List<WorkerRestart> restarts = policy.restarts();
    assertEquals(6, restarts.size(), restarts.toString());
    assertEquals(3, restarts.get(0).worker());
    assertEquals(3 * SECOND, restarts.get(0).atNanos(), "counted from time zero");
    assertEquals((3 + 1 + 2 + 4 + 8 + 16) * SECOND, restarts.get(5).atNanos(), "after the pauses");
    assertEquals("IllegalStateException: boom 0", restarts.get(0).error());
    for (int i = 0; i < 5; i++) {
      assertFalse(restarts.get(i).gaveUp(), "restart " + i);
    }
    assertTrue(restarts.get(5).gaveUp(), "the sixth failure gives up");
    assertEquals(0, restarts.get(5).backoffNanos());
  }
}
