package dev.harness.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.RateProfile;
import org.junit.jupiter.api.Test;

class ConstantRateTest {

  @Test
  void doesNotDriftOverTenMillionArrivals() {
    // 3 per second has a period (333,333,333.33 ns) that accumulating a rounded interval would
    // drift on.
    RateSchedule s = new ConstantRate(3);
    long k = 10_000_000L;
    long expected = Math.round(k * 1e9 / 3); // 3,333,333.33 s
    long actual = s.dueNanos(k);
    assertTrue(
        Math.abs(actual - expected) <= 1,
        "arrival " + k + " due at " + expected + " ns, got " + actual);

    RateSchedule fast = new ConstantRate(7_919);
    for (long i = 0; i <= 10_000_000L; i += 1_000_003L) {
      double exact = i * 1e9 / 7_919;
      assertTrue(
          Math.abs(fast.dueNanos(i) - exact) <= 1,
          "arrival " + i + ": expected " + exact + " ns, got " + fast.dueNanos(i));
    }
  }

  @Test
  void dueTimesNeverGoBackwards() {
    RateSchedule s = new ConstantRate(12_345.6);
    long previous = -1;
    for (long k = 0; k < 1_000_000; k++) {
      long due = s.dueNanos(k);
      assertTrue(
          due >= previous,
          "arrival " + k + " due at " + due + " before arrival " + (k - 1) + " at " + previous);
      previous = due;
    }
  }

  @Test
  void countsExactlyRateTimesDurationArrivalsInAPhase() {
    RateSchedule s = new RateProfile.Constant(5000).schedule(10_000_000_000L);
    long n = 0;
    while (s.dueNanos(n) < 10_000_000_000L) {
      n++;
    }
    assertEquals(50_000, n, "arrivals due in 10 s at 5000/s");
  }
}
