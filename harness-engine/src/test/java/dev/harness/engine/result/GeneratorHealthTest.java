package dev.harness.engine.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The verdict rule on made-up seconds: what a stall of the machine does, what a hopeless rate does.
 */
class GeneratorHealthTest {
  private static final long S = 1_000_000_000L;

  /** {@code n} measured seconds of 1000 arrivals; {@code late[i]} of second i were late. */
  private static GeneratorHealth run(int n, long[] late, boolean[] saturated, long longTicks) {
    List<GeneratorSecond> seconds = new ArrayList<>();
    long lateSum = 0;
    for (int i = 0; i < n; i++) {
      long l = i < late.length ? late[i] : 0;
      boolean sat = i < saturated.length && saturated[i];
      lateSum += l;
      seconds.add(
          new GeneratorSecond(
              i * S, (i + 1) * S, true, 1000, l, 0, sat, 0.1, 0, 0, 100, 0, 0, 0, 0.1, 0));
    }
    return new GeneratorHealth(
        1,
        new Histogram(3),
        lateSum,
        n * 1000L,
        new Histogram(3),
        n * 100L,
        longTicks,
        0,
        0,
        0.1,
        2,
        0,
        0,
        seconds,
        List.of());
  }

  @Test
  void aShortStallOfTheMachineKeepsALongRunValid() {
    // A 50 ms stall at 1000/s: the arrivals of 50 ms (5 % of one second) are handled late.
    GeneratorHealth g = run(10, new long[] {0, 0, 0, 50}, new boolean[0], 1);

    assertTrue(g.heldSchedule(), "one partly late second of 10: " + g.behindSeconds());
    assertEquals(0, g.behindSeconds(), "a 5 % late second is not behind");
    assertEquals(GeneratorHealth.Health.GREEN, g.health(), "1 long tick of 1000 heartbeats");
    assertNull(g.invalidReason(1000), "no reason for a valid run");
  }

  @Test
  void aShortStallKeepsAShortRunValidToo() {
    // The old rule (1 % of arrivals over 16 ms) failed this: 150 of 2000 late is 7.5 %.
    GeneratorHealth g = run(2, new long[] {150, 0}, new boolean[0], 0);

    assertTrue(g.heldSchedule(), "a 150 ms stall in a 2 s run: " + g.behindSeconds());
  }

  @Test
  void aGeneratorBehindInMostSecondsMakesTheRunInvalid() {
    long[] late = {900, 1000, 1000, 1000, 1000};
    GeneratorHealth g = run(5, late, new boolean[0], 0);

    assertFalse(g.heldSchedule(), "5 of 5 seconds behind");
    assertEquals(GeneratorHealth.Health.RED, g.health(), "health");
    String reason = g.invalidReason(50_000);
    assertTrue(
        reason.contains("fell behind its schedule in 5 of 5 measured seconds (limit 0)")
            && reason.contains("lower the rate (50000/s)")
            && reason.contains("at or below the cores (2)")
            && reason.contains("more shards"),
        "reason says why and what to do: " + reason);
  }

  @Test
  void aSaturatedWorkerIsBehindEvenWhenItDispatchesOnTime() {
    // A worker that queues arrivals faster than it can send them hands each one over on time.
    boolean[] saturated = {true, true, true};
    GeneratorHealth g = run(3, new long[0], saturated, 0);

    assertFalse(g.heldSchedule(), "3 saturated seconds of 3");
  }

  @Test
  void theRunToleratesATenthOfItsSecondsBehind() {
    long[] late = new long[20];
    late[4] = 800;
    late[5] = 800; // a stall of over a second, straddling two seconds of a 20 s run
    GeneratorHealth twoOfTwenty = run(20, late, new boolean[0], 0);
    late[6] = 800;
    GeneratorHealth threeOfTwenty = run(20, late, new boolean[0], 0);

    assertTrue(twoOfTwenty.heldSchedule(), "2 of 20 behind is within a tenth");
    assertEquals(GeneratorHealth.Health.YELLOW, twoOfTwenty.health(), "held, but not clean");
    assertFalse(threeOfTwenty.heldSchedule(), "3 of 20 behind is more than a tenth");
  }

  @Test
  void longTicksGradeTheLoopAsTheChecklistsDo() {
    assertEquals(GeneratorHealth.Health.YELLOW, run(10, new long[0], new boolean[0], 20).health());
    assertEquals(GeneratorHealth.Health.RED, run(10, new long[0], new boolean[0], 50).health());
  }
}
