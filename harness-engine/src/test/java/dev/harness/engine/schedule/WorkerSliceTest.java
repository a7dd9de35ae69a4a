package dev.harness.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerSliceTest {

  private static long arrivalsBefore(WorkerSlice slice, long endNanos) {
    long n = 0;
    while (slice.dueNanos(n) < endNanos) {
      n++;
    }
    return n;
  }

  @Test
  void slicesOfAllWorkersSumToTheRate() {
    long tenSeconds = 10_000_000_000L;
    for (int workers : new int[] {1, 2, 3, 4, 7}) {
      for (double rate : new double[] {1, 999, 5000, 10_000, 12_345.5}) {
        RateSchedule s = new ConstantRate(rate);
        long total = 0;
        for (int w = 0; w < workers; w++) {
          total += arrivalsBefore(new WorkerSlice(s, w, workers), tenSeconds);
        }
        long expected = (long) Math.ceil(rate * 10);
        assertEquals(
            expected, total, "arrivals in 10 s at " + rate + "/s over " + workers + " workers");
      }
    }
  }

  @Test
  void slicesInterleaveIntoTheWholeSchedule() {
    RateSchedule s = new ConstantRate(1000);
    int workers = 4;
    List<Long> merged = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      WorkerSlice slice = new WorkerSlice(s, w, workers);
      for (long i = 0; i < 250; i++) {
        merged.add(slice.dueNanos(i));
      }
    }
    Collections.sort(merged);
    for (int k = 0; k < 1000; k++) {
      assertEquals(s.dueNanos(k), merged.get(k), "arrival " + k + " of the merged slices");
    }
    assertTrue(
        merged.get(999) < 1_000_000_000L, "last of 1000 arrivals falls inside the first second");
  }
}
