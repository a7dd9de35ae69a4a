package dev.harness.engine.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-second series kept as columns give back exactly what was appended, and a snapshot never
 * changes when more seconds come (the columns grow by copying).
 */
class SeriesTest {
  private static final long S = 1_000_000_000L;

  private static IntervalStats second(int k) {
    long[] counts = new long[Outcome.count()];
    counts[Outcome.S2XX.ordinal()] = 1000 + k;
    counts[Outcome.S5XX.ordinal()] = k % 3;
    counts[Outcome.TIMEOUT.ordinal()] = k % 5;
    Map<Integer, Long> statuses =
        k % 3 == 0 ? Map.of(200, 1000L + k) : Map.of(200, 1000L + k, 503, (long) (k % 3));
    return new IntervalStats(
        k * S,
        (k + 1) * S + k,
        1000 + k,
        999 + k,
        OutcomeCounts.of(counts, k % 3, statuses),
        100_000L + k,
        200_000L + k,
        900_000L + k,
        5_000_000L + k);
  }

  private static GeneratorSecond generator(int k) {
    return new GeneratorSecond(
        k * S,
        (k + 1) * S,
        k % 2 == 0,
        1000 + k,
        k,
        2 * k,
        k % 7 == 0,
        0.25 + k / 1000.0,
        3_000_000L + k,
        9_000_000L + k,
        1000,
        k % 4,
        k % 9,
        32,
        k % 11 == 0 ? Double.NaN : 0.125,
        k * 1000L);
  }

  @Test
  void intervalsComeBackAsAppendedAcrossGrowth() {
    IntervalSeries series = new IntervalSeries();
    List<IntervalStats> expected = new ArrayList<>();
    for (int k = 0; k < 1000; k++) {
      series.add(second(k));
      expected.add(second(k));
    }
    List<IntervalStats> snapshot = series.snapshot();
    assertEquals(expected, snapshot, "every second as appended, statuses included");
    assertEquals(expected.get(503).outcomes().byStatus(), snapshot.get(503).outcomes().byStatus());
    assertThrows(IndexOutOfBoundsException.class, () -> snapshot.get(1000));
    assertThrows(UnsupportedOperationException.class, () -> snapshot.add(second(0)));
  }

  @Test
  void aSnapshotDoesNotChangeWhenMoreSecondsCome() {
    IntervalSeries series = new IntervalSeries();
    for (int k = 0; k < 64; k++) {
      series.add(second(k));
    }
    List<IntervalStats> early = series.snapshot();
    for (int k = 64; k < 300; k++) {
      series.add(second(k)); // grows every column past its first capacity
    }
    assertEquals(64, early.size());
    assertEquals(second(63), early.get(63));
    assertEquals(300, series.snapshot().size());
    assertSame(early, Snapshot.immutable(early), "a snapshot is kept, not copied");
  }

  @Test
  void generatorSecondsComeBackAsAppended() {
    GeneratorSeries series = new GeneratorSeries();
    List<GeneratorSecond> expected = new ArrayList<>();
    for (int k = 0; k < 200; k++) {
      series.add(generator(k));
      expected.add(generator(k));
    }
    List<GeneratorSecond> snapshot = series.snapshot();
    assertEquals(expected.size(), snapshot.size());
    for (int k = 0; k < expected.size(); k++) {
      assertEquals(expected.get(k), snapshot.get(k), "second " + k);
    }
  }
}
