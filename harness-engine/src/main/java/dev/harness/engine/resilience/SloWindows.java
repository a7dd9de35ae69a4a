package dev.harness.engine.resilience;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.result.IntervalSeries;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.run.RunListener;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The series an SLO with a window reads ({@code --slo 'p99 < 50ms over 30s'}): for every second of
 * the run, what the measured seconds of the window that ends with it measured, percentiles from the
 * window's exact histogram. The run keeps only percentiles per second, so the windows are added up
 * while it runs: a running sum per window length, the second that leaves the window subtracted, so
 * each second costs the same however long the window; only the window's seconds are held
 * (compressed), and the series itself as primitive columns ({@link IntervalSeries}).
 *
 * <p>Warm-up seconds are left out of every window (their entry is the second itself; they are not
 * judged), so the first measured seconds' windows are shorter, as with {@code --abort-on ... over}.
 *
 * <p>Thread contract: {@link #onInterval} runs on the sampler thread; read {@link #series} only
 * after the run has ended.
 */
final class SloWindows implements RunListener {
  private final long warmupNanos;
  private final Map<Long, Window> windows = new LinkedHashMap<>();

  /** The windows of {@code slo}'s criteria that have one. */
  SloWindows(List<Criterion> slo, long warmupNanos) {
    this.warmupNanos = warmupNanos;
    for (Criterion c : slo) {
      if (c.windowed()) {
        windows.computeIfAbsent(
            c.overNanos(), n -> new Window((int) Math.min(Integer.MAX_VALUE, n / 1_000_000_000L)));
      }
    }
  }

  @Override
  public void onInterval(IntervalStats s, Histogram response, Map<String, Histogram> byName) {
    boolean measured = s.startNanos() >= warmupNanos;
    for (Window w : windows.values()) {
      w.add(s, response, measured);
    }
  }

  /** By window length (ns), one entry per second of the run; empty when the SLO has no window. */
  Map<Long, List<IntervalStats>> series() {
    Map<Long, List<IntervalStats>> out = new LinkedHashMap<>();
    windows.forEach((nanos, w) -> out.put(nanos, w.series.snapshot()));
    return out;
  }

  /** One window length: its seconds, their running sums, and the series of windows so far. */
  private static final class Window {
    private final int seconds;
    private final ArrayDeque<Second> held = new ArrayDeque<>();
    private final Histogram sum = new Histogram(3);
    private final long[] outcomes = new long[Outcome.count()];
    private long unexpected;
    private long scheduled;
    private long sent;
    private final IntervalSeries series = new IntervalSeries();
    private ByteBuffer buffer = ByteBuffer.allocate(1024);

    /**
     * One second in the window, its histogram compressed (a few KB instead of tens): a window of
     * minutes holds hundreds of them.
     */
    private record Second(IntervalStats stats, byte[] response) {}

    Window(int seconds) {
      this.seconds = Math.max(1, seconds);
    }

    void add(IntervalStats s, Histogram response, boolean measured) {
      if (!measured) {
        series.add(s);
        return;
      }
      if (held.size() == seconds) {
        Second out = held.removeFirst();
        sum.subtract(decoded(out.response()));
        move(out.stats(), -1);
      }
      held.addLast(new Second(s, compressed(response)));
      sum.add(response);
      move(s, 1);
      boolean any = sum.getTotalCount() > 0;
      series.add(
          new IntervalStats(
              held.peekFirst().stats().startNanos(),
              s.endNanos(),
              scheduled,
              sent,
              OutcomeCounts.of(outcomes, unexpected, Map.of()),
              any ? sum.getValueAtPercentile(50) : 0,
              any ? sum.getValueAtPercentile(90) : 0,
              any ? sum.getValueAtPercentile(99) : 0,
              any ? sum.getMaxValue() : 0));
    }

    private static Histogram decoded(byte[] bytes) {
      try {
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
      } catch (DataFormatException e) {
        throw new IllegalStateException("a window's own second cannot be decoded", e);
      }
    }

    private byte[] compressed(Histogram h) {
      int need = h.getNeededByteBufferCapacity();
      if (buffer.capacity() < need) {
        buffer = ByteBuffer.allocate(need);
      }
      buffer.clear();
      int n = h.encodeIntoCompressedByteBuffer(buffer);
      byte[] bytes = new byte[n];
      buffer.flip();
      buffer.get(bytes);
      return bytes;
    }

    private void move(IntervalStats s, int sign) {
      OutcomeCounts o = s.outcomes();
      for (Outcome x : Outcome.values()) {
        outcomes[x.ordinal()] += sign * o.get(x);
      }
      unexpected += sign * o.unexpected();
      scheduled += sign * s.scheduled();
      sent += sign * s.sent();
    }
  }
}
