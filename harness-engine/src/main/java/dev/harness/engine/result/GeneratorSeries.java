package dev.harness.engine.result;

import java.util.Arrays;
import java.util.List;

/**
 * The generator's per-second health kept as primitive columns (about 110 bytes a second), so a long
 * run's seconds do not pile up as objects; {@link #snapshot} hands out an immutable view whose
 * entries are built when read.
 *
 * <p>Thread contract: as {@link IntervalSeries}: one writer appends, a snapshot may be read by any
 * thread it is safely handed to.
 */
public final class GeneratorSeries {
  // start, end, arrivals, late, queued, lateness p99, lateness max, ticks, long ticks, waiting,
  // in flight, GC pause: then the two shares as doubles and the two flags as bits.
  private static final int LONGS = 12;

  private long[] values = new long[64 * LONGS];
  private double[] shares = new double[64 * 2];
  private byte[] flags = new byte[64];
  private int size;

  /** Appends one second. */
  public void add(GeneratorSecond s) {
    if (size == flags.length) {
      values = Arrays.copyOf(values, values.length * 2);
      shares = Arrays.copyOf(shares, shares.length * 2);
      flags = Arrays.copyOf(flags, flags.length * 2);
    }
    int v = size * LONGS;
    values[v] = s.startNanos();
    values[v + 1] = s.endNanos();
    values[v + 2] = s.arrivals();
    values[v + 3] = s.lateArrivals();
    values[v + 4] = s.queued();
    values[v + 5] = s.timerLatenessP99();
    values[v + 6] = s.timerLatenessMax();
    values[v + 7] = s.ticks();
    values[v + 8] = s.longTicks();
    values[v + 9] = s.waiting();
    values[v + 10] = s.inFlight();
    values[v + 11] = s.gcPauseNanos();
    shares[size * 2] = s.busiestWorker();
    shares[size * 2 + 1] = s.processCpu();
    flags[size] = (byte) ((s.measured() ? 1 : 0) | (s.saturated() ? 2 : 0));
    size++;
  }

  public int size() {
    return size;
  }

  /** The seconds appended so far, as a list that never changes. */
  public List<GeneratorSecond> snapshot() {
    return new View(size, values, shares, flags);
  }

  private static final class View extends Snapshot<GeneratorSecond> {
    private final long[] values;
    private final double[] shares;
    private final byte[] flags;

    View(int size, long[] values, double[] shares, byte[] flags) {
      super(size);
      this.values = values;
      this.shares = shares;
      this.flags = flags;
    }

    @Override
    public GeneratorSecond get(int k) {
      if (k < 0 || k >= size()) {
        throw new IndexOutOfBoundsException(k);
      }
      int v = k * LONGS;
      return new GeneratorSecond(
          values[v],
          values[v + 1],
          (flags[k] & 1) != 0,
          values[v + 2],
          values[v + 3],
          values[v + 4],
          (flags[k] & 2) != 0,
          shares[k * 2],
          values[v + 5],
          values[v + 6],
          values[v + 7],
          values[v + 8],
          values[v + 9],
          values[v + 10],
          shares[k * 2 + 1],
          values[v + 11]);
    }
  }
}
