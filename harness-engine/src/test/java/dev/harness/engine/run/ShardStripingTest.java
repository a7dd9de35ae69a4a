package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.model.Shard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Shards of a test stripe the whole schedule: shard K of N sends arrivals i with i mod N == K, and
 * its workers stripe that again, so every worker of every shard together sends exactly the
 * single-process schedule, to the nanosecond, whatever the profile.
 */
class ShardStripingTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long ZERO = 987_654_321L;

  /** Rates no shard count below divides, and phase lengths that are not whole seconds. */
  private static final Map<String, RateProfile> PROFILES =
      Map.of(
          "constant", new RateProfile.Constant(1001),
          "ramp", new RateProfile.Ramp(7, 2003),
          "steps", new RateProfile.Steps(List.of(333.0, 1001.0, 777.7)),
          "spike", new RateProfile.Spike(499, 1501, 700_000_000L, 450_000_000L));

  private static List<Phase> phases(RateProfile main) {
    return List.of(
        new Phase("warmup", 300_000_007L, new RateProfile.Constant(257), true),
        new Phase("main", 2 * SECOND + 123_457L, main, false));
  }

  /** Due offsets and phases of every arrival of one worker of one shard, in order. */
  private static List<long[]> walk(List<Phase> phases, Shard shard, int worker, int workers) {
    ArrivalCursor cursor =
        ArrivalCursor.of(
            phases, Shard.stripe(shard, worker, workers), Shard.stripes(shard, workers));
    cursor.start(ZERO);
    List<long[]> out = new ArrayList<>();
    while (!cursor.done()) {
      out.add(new long[] {cursor.nextDue() - ZERO, cursor.phase()});
      cursor.advance();
    }
    return out;
  }

  private static Shard shard(int k, int n) {
    return new Shard(k, n, null, Shard.DEFAULT_TOLERANCE_NANOS, "h", List.of(), -1);
  }

  @Test
  void unionOfShardsIsTheSingleProcessScheduleToTheNanosecond() {
    for (Map.Entry<String, RateProfile> e : PROFILES.entrySet()) {
      List<Phase> phases = phases(e.getValue());
      List<long[]> whole = walk(phases, null, 0, 1);
      for (int n : new int[] {2, 3, 8}) {
        for (int workers : new int[] {1, 3}) {
          List<long[]> union = new ArrayList<>();
          for (int k = 0; k < n; k++) {
            for (int w = 0; w < workers; w++) {
              union.addAll(walk(phases, shard(k, n), w, workers));
            }
          }
          union.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
          String what = e.getKey() + " over " + n + " shards of " + workers + " workers";
          assertEquals(whole.size(), union.size(), what + ": arrivals");
          for (int i = 0; i < whole.size(); i++) {
            assertArrayEquals(whole.get(i), union.get(i), what + ": arrival " + i);
          }
        }
      }
    }
  }

  @Test
  void shardKSendsTheArrivalsIWithIModNEqualToK() {
    List<Phase> phases = List.of(new Phase("main", SECOND, new RateProfile.Ramp(100, 1100), false));
    List<long[]> whole = walk(phases, null, 0, 1);
    int n = 3;
    for (int k = 0; k < n; k++) {
      List<long[]> mine = walk(phases, shard(k, n), 0, 1);
      for (int j = 0; j < mine.size(); j++) {
        assertEquals(whole.get(k + n * j)[0], mine.get(j)[0], "shard " + k + " arrival " + j);
      }
      assertEquals((whole.size() - k + n - 1) / n, mine.size(), "arrivals of shard " + k);
    }
  }

  @Test
  void poissonShardsAreIndependentStreamsOfTheRateOverN() {
    List<Phase> phases =
        List.of(
            new Phase(
                "main",
                20 * SECOND,
                new RateProfile.Poisson(new RateProfile.Constant(1000), 42),
                false));
    int n = 4;
    List<List<long[]>> shards = new ArrayList<>();
    long total = 0;
    for (int k = 0; k < n; k++) {
      List<long[]> s = walk(phases, shard(k, n), 0, 1);
      shards.add(s);
      total += s.size();
      // 5,000 expected; a Poisson count has a standard deviation of about 71.
      assertTrue(Math.abs(s.size() - 5000) < 400, "shard " + k + " sent " + s.size());
    }
    assertTrue(Math.abs(total - 20_000) < 800, "all shards sent " + total);
    assertNotEquals(shards.get(0).get(0)[0], shards.get(1).get(0)[0], "shards 0 and 1 differ");
    assertEquals(
        walk(phases, shard(2, n), 0, 1).get(100)[0],
        shards.get(2).get(100)[0],
        "a shard's stream is repeatable: seeded by the seed and its index");
  }
}
