package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ArrivalLimitTest {
  private static final List<Phase> PHASES =
      List.of(
          new Phase("warmup", 1_000_000_000L, new RateProfile.Constant(10), true),
          new Phase("main", 1_000_000_000L, new RateProfile.Constant(10), false));

  private static long taken(ArrivalLimit.Share s, int phase) {
    long n = 0;
    while (s.take(phase)) {
      n++;
    }
    return n;
  }

  @Test
  void sharesAddUpToTheLimitAndTheLastSpentShareEndsTheRunOnce() {
    AtomicInteger ended = new AtomicInteger();
    ArrivalLimit limit = new ArrivalLimit(1001, 3, ended::incrementAndGet);
    ArrivalLimit.Share a = limit.share(0, PHASES);
    ArrivalLimit.Share b = limit.share(1, PHASES);
    ArrivalLimit.Share c = limit.share(2, PHASES);
    assertEquals(334, taken(a, 1));
    assertEquals(334, taken(b, 1));
    assertEquals(0, ended.get(), "a worker still has arrivals to send");
    assertEquals(333, taken(c, 1));
    assertEquals(1, ended.get());
    assertFalse(c.take(1));
    assertEquals(1, ended.get(), "told once");
  }

  @Test
  void warmUpArrivalsDoNotCount() {
    ArrivalLimit.Share s = new ArrivalLimit(2, 1, () -> {}).share(0, PHASES);
    for (int i = 0; i < 100; i++) {
      assertTrue(s.take(0), "warm-up arrival " + i);
    }
    assertEquals(2, taken(s, 1));
  }
}
