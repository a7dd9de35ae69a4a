package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arrival cursor walks a worker's schedule, phase after phase; no clock, no socket. */
class ArrivalCursorTest {
  private static final long SECOND = 1_000_000_000L;

  /** Time zero somewhere on the nanoTime line, not 0, so offsets are really added. */
  private static final long ZERO = 123_456_789L;

  /** Every arrival of the cursor as [due offset from time zero, phase]. */
  private static List<long[]> walk(List<Phase> phases, int worker, int workers) {
    ArrivalCursor cursor = ArrivalCursor.of(phases, worker, workers);
    cursor.start(ZERO);
    List<long[]> out = new ArrayList<>();
    while (!cursor.done()) {
      out.add(new long[] {cursor.nextDue() - ZERO, cursor.phase()});
      cursor.advance();
    }
    return out;
  }

  private static long countBetween(List<long[]> arrivals, long from, long to) {
    return arrivals.stream().filter(a -> a[0] >= from && a[0] < to).count();
  }

  private static void inOrder(List<long[]> arrivals) {
    for (int i = 1; i < arrivals.size(); i++) {
      assertTrue(
          arrivals.get(i)[0] >= arrivals.get(i - 1)[0],
          "arrival " + i + " at " + arrivals.get(i)[0] + " before " + arrivals.get(i - 1)[0]);
    }
  }

  @Test
  void walksALinearRampWithTheRateGrowingAlongIt() {
    List<Phase> ramp = List.of(new Phase("ramp", 2 * SECOND, new RateProfile.Ramp(0, 1000), false));
    List<long[]> all = walk(ramp, 0, 1);
    inOrder(all);
    // Mean rate 500/s over 2 s; a quarter of them in the first second, three quarters after.
    assertEquals(1000, all.size(), 1, "arrivals of a 0 -> 1000/s ramp over 2 s");
    assertEquals(250, countBetween(all, 0, SECOND), 2, "first second");
    assertEquals(750, countBetween(all, SECOND, 2 * SECOND), 2, "second second");
    assertTrue(all.get(all.size() - 1)[0] < 2 * SECOND, "the last one inside the phase");
  }

  @Test
  void workersSlicesOfARampAddUpToTheWholeRamp() {
    List<Phase> ramp =
        List.of(new Phase("ramp", 2 * SECOND, new RateProfile.Ramp(100, 900), false));
    List<Long> whole = walk(ramp, 0, 1).stream().map(a -> a[0]).sorted().toList();
    List<Long> sliced = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      List<long[]> one = walk(ramp, w, 3);
      inOrder(one);
      one.forEach(a -> sliced.add(a[0]));
    }
    assertEquals(whole, sliced.stream().sorted().toList(), "three slices are the whole schedule");
  }

  @Test
  void walksASpikeWithItsBurstInPlace() {
    List<Phase> spike =
        List.of(
            new Phase(
                "spike", 3 * SECOND, new RateProfile.Spike(100, 1000, SECOND, SECOND / 2), false));
    List<long[]> all = walk(spike, 0, 1);
    inOrder(all);
    assertEquals(100, countBetween(all, 0, SECOND), 1, "base rate before the spike");
    assertEquals(500, countBetween(all, SECOND, SECOND + SECOND / 2), 1, "the spike: 1000/s");
    assertEquals(150, countBetween(all, SECOND + SECOND / 2, 3 * SECOND), 1, "base rate after");
  }

  @Test
  void movesFromPhaseToPhaseAndEndsAfterTheLast() {
    List<Phase> phases =
        List.of(
            new Phase("warm", SECOND, new RateProfile.Constant(10), true),
            new Phase("ramp", SECOND, new RateProfile.Ramp(10, 30), false));
    List<long[]> all = walk(phases, 0, 1);
    inOrder(all);
    for (long[] a : all) {
      assertEquals(a[0] < SECOND ? 0 : 1, a[1], "phase of the arrival at " + a[0]);
    }
    assertEquals(10, all.stream().filter(a -> a[1] == 0).count(), "warm-up arrivals");
    assertEquals(20, all.stream().filter(a -> a[1] == 1).count(), 1, "ramp arrivals");
  }
}
