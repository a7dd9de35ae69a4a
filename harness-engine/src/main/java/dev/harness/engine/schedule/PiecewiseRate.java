package dev.harness.engine.schedule;

/**
 * A rate that changes linearly within each segment and may jump between segments: constant rates,
 * ramps, steps and spikes are all this. Arrival k is due when the integral of the rate reaches k,
 * solved exactly in the segment that holds it, so the schedule never drifts. After the last segment
 * the final rate goes on (or, if it is 0, no arrival comes).
 *
 * <p>Immutable and thread-safe.
 */
public final class PiecewiseRate implements RateSchedule {
  private final long[] start; // segment start offsets, ns
  private final double[] seconds; // segment lengths, s
  private final double[] from; // rate at segment start, /s
  private final double[] to; // rate at segment end, /s
  private final double[] before; // arrivals due before the segment

  /**
   * @param nanos length of each segment, ns, positive
   * @param from rate at the start of each segment, per second, 0 or more
   * @param to rate at the end of each segment, per second, 0 or more
   */
  public PiecewiseRate(long[] nanos, double[] from, double[] to) {
    int n = nanos.length;
    if (n == 0 || from.length != n || to.length != n) {
      throw new IllegalArgumentException("segments do not match");
    }
    this.start = new long[n];
    this.seconds = new double[n];
    this.from = from.clone();
    this.to = to.clone();
    this.before = new double[n];
    long at = 0;
    double count = 0;
    for (int i = 0; i < n; i++) {
      if (nanos[i] <= 0 || !(from[i] >= 0) || !(to[i] >= 0)) {
        throw new IllegalArgumentException("bad segment " + i);
      }
      start[i] = at;
      seconds[i] = nanos[i] / 1e9;
      before[i] = count;
      at += nanos[i];
      count += (from[i] + to[i]) / 2 * seconds[i];
    }
  }

  /** Arrivals due in the first {@code nanos} of the schedule (a real number). */
  public double countAt(long nanos) {
    int i = segmentAtTime(nanos);
    double t = Math.min((nanos - start[i]) / 1e9, seconds[i]);
    if (i == start.length - 1 && nanos - start[i] > seconds[i] * 1e9) {
      double end = before[i] + (from[i] + to[i]) / 2 * seconds[i];
      return end + to[i] * ((nanos - start[i]) / 1e9 - seconds[i]);
    }
    double slope = (to[i] - from[i]) / seconds[i];
    return before[i] + from[i] * t + slope * t * t / 2;
  }

  @Override
  public long timeOfCount(double count) {
    int i = segmentAtCount(count);
    double c = count - before[i];
    double a = from[i];
    double slope = (to[i] - from[i]) / seconds[i];
    double inSegment = (a + to[i]) / 2 * seconds[i];
    double t;
    if (c <= 0) {
      t = 0;
    } else if (i == start.length - 1 && c > inSegment) {
      if (to[i] <= 0) {
        return NEVER;
      }
      t = seconds[i] + (c - inSegment) / to[i];
    } else {
      // Root of a*t + slope*t^2/2 = c, in the form that is stable when slope is near 0.
      double disc = Math.max(0, a * a + 2 * slope * c);
      t = 2 * c / (a + Math.sqrt(disc));
      t = Math.min(t, seconds[i]);
    }
    double offset = start[i] + t * 1e9;
    return offset >= NEVER ? NEVER : (long) offset;
  }

  private int segmentAtCount(double count) {
    int i = start.length - 1;
    while (i > 0 && count < before[i]) {
      i--;
    }
    return i;
  }

  private int segmentAtTime(long nanos) {
    int i = start.length - 1;
    while (i > 0 && nanos < start[i]) {
      i--;
    }
    return i;
  }
}
