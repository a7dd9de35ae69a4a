package dev.harness.engine.judge;

import dev.harness.engine.model.FaultWindow;
import dev.harness.engine.result.FaultImpact;
import dev.harness.engine.result.IntervalStats;
import java.util.List;

/**
 * Recovery time from the per-second series: from the end of a fault (or of any outage, such as a
 * target that was restarted) until the first second that meets the SLO again.
 *
 * <p>The series has one-second resolution, so the answer is an upper bound on the run's one-second
 * grid: the start of the first second ending after the outage that meets the SLO, minus the end of
 * the outage; 0 when the second in which it ended already met it. An outage that ends on a second's
 * boundary and leaves a tail of slow answers in the next second reads 1 s, however short the tail.
 * Seconds are placed on the grid by {@link #onGrid}: the sampler takes each one a fraction of a
 * millisecond after its boundary, which is not part of any recovery.
 */
public final class Recovery {
  private Recovery() {}

  /**
   * Recovery after an outage that ended at {@code endNanos} (from the run start), or {@link
   * FaultImpact#NOT_RECOVERED} when no later second met the SLO.
   */
  public static long after(List<IntervalStats> intervals, Slo slo, long endNanos) {
    return after(intervals, slo, endNanos, Long.MAX_VALUE);
  }

  /**
   * As {@link #after(List, Slo, long)}, looking only at seconds that start before {@code
   * runEndNanos} (not at the drain after the run).
   */
  public static long after(
      List<IntervalStats> intervals, Slo slo, long endNanos, long runEndNanos) {
    boolean[] meets = new boolean[intervals.size()];
    for (int k = 0; k < meets.length; k++) {
      meets[k] = slo.meets(intervals.get(k));
    }
    return after(intervals, meets, endNanos, runEndNanos);
  }

  /**
   * As {@link #after(List, Slo, long, long)}, with whether each second met the SLO already judged
   * ({@code meets[k]} for {@code intervals.get(k)}).
   */
  static long after(
      List<IntervalStats> intervals, boolean[] meets, long endNanos, long runEndNanos) {
    for (int k = 0; k < intervals.size(); k++) {
      IntervalStats i = intervals.get(k);
      if (onGrid(i.endNanos()) <= endNanos) {
        continue;
      }
      if (onGrid(i.startNanos()) >= runEndNanos) {
        break;
      }
      if (meets[k]) {
        return Math.max(0, onGrid(i.startNanos()) - endNanos);
      }
    }
    return FaultImpact.NOT_RECOVERED;
  }

  /** An interval boundary placed on the run's one-second grid: the nearest whole second. */
  public static long onGrid(long nanos) {
    return Math.round(nanos / 1e9) * 1_000_000_000L;
  }

  /** Whether the second overlaps the window, on the one-second grid ({@link #onGrid}). */
  public static boolean overlaps(IntervalStats s, FaultWindow w) {
    return onGrid(s.startNanos()) < w.endNanos() && onGrid(s.endNanos()) > w.atNanos();
  }
}
