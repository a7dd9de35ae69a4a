package dev.harness.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.RateProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

class PiecewiseRateTest {
  private static final long S = 1_000_000_000L;

  @Test
  void rampDeliversTheIntegralOfItsRateEachSecond() {
    RateSchedule ramp = new RateProfile.Ramp(100, 2000).schedule(10 * S);
    // rate(t) = 100 + 190 t: second s holds 100 + 190 (s + 0.5) arrivals.
    long k = 0;
    for (int s = 0; s < 10; s++) {
      long count = 0;
      while (ramp.dueNanos(k) < (s + 1) * S) {
        count++;
        k++;
      }
      double expected = 100 + 190 * (s + 0.5);
      assertEquals(expected, count, 1.0, "second " + s);
    }
    assertEquals(10_500, k, 1);
  }

  @Test
  void dueTimesAreTheInverseOfTheCountAndNeverDecrease() {
    PiecewiseRate p =
        new PiecewiseRate(
            new long[] {2 * S, 3 * S, S}, new double[] {0, 500, 500}, new double[] {1000, 0, 500});
    long last = -1;
    for (long k = 0; k < 2000; k++) {
      long due = p.dueNanos(k);
      assertTrue(due >= last, "arrival " + k + " before arrival " + (k - 1));
      last = due;
      assertEquals(k, p.countAt(due), 1e-3 * Math.max(1, k), "count at the due time of " + k);
    }
  }

  @Test
  void aRateThatEndsAtZeroNeverSchedulesPastItsEnd() {
    RateSchedule down = new RateProfile.Ramp(100, 0).schedule(10 * S);
    // 500 arrivals in all; the 501st never comes.
    assertTrue(down.dueNanos(499) <= 10 * S);
    assertEquals(RateSchedule.NEVER, down.dueNanos(501));
  }

  @Test
  void stepsHoldEachRateForAnEqualShareOfThePhase() {
    RateSchedule steps = new RateProfile.Steps(List.of(100.0, 300.0)).schedule(4 * S);
    assertEquals(2 * S, steps.dueNanos(200), 1_000);
    assertEquals(3 * S, steps.dueNanos(500), 1_000);
  }

  @Test
  void spikeRaisesTheRateOnlyInsideItsWindow() {
    RateSchedule spike = new RateProfile.Spike(100, 1000, 2 * S, S).schedule(5 * S);
    assertEquals(2 * S, spike.dueNanos(200), 1_000);
    assertEquals(3 * S, spike.dueNanos(1200), 1_000);
    assertEquals(5 * S, spike.dueNanos(1400), 1_000);
    assertEquals(550, new RateProfile.Spike(100, 1000, 2 * S, 2 * S).meanRate(4 * S), 1e-9);
  }

  @Test
  void poissonArrivalsOfAllWorkersAverageTheScheduleRate() {
    RateProfile p = new RateProfile.Poisson(new RateProfile.Constant(1000), 42);
    int workers = 3;
    long total = 0;
    long gapsBelowMean = 0;
    for (int w = 0; w < workers; w++) {
      ArrivalSlice slice = p.slice(100 * S, w, workers);
      long i = 0;
      long prev = 0;
      long due;
      while ((due = slice.dueNanos(i)) < 100 * S) {
        if (due - prev < 3_000_000L) { // mean gap of one worker at 1000/3 per second
          gapsBelowMean++;
        }
        prev = due;
        i++;
      }
      total += i;
    }
    assertEquals(100_000, total, 1_500, "arrivals in 100 s at 1000/s");
    // Exponential gaps: P(gap < mean) = 1 - 1/e = 63 %; even spacing would give 0 %.
    assertEquals(0.632, (double) gapsBelowMean / total, 0.02);
  }

  @Test
  void poissonArrivalsAreRepeatableForASeed() {
    RateProfile p = new RateProfile.Poisson(new RateProfile.Ramp(10, 100), 7);
    ArrivalSlice a = p.slice(10 * S, 0, 2);
    ArrivalSlice b = p.slice(10 * S, 0, 2);
    for (int i = 0; i < 100; i++) {
      assertEquals(a.dueNanos(i), b.dueNanos(i));
    }
  }
}
