package dev.harness.engine.judge;

import dev.harness.engine.result.FaultImpact;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outage;
import java.util.ArrayList;
import java.util.List;

/**
 * Outages nobody injected, from the per-second series judged against the SLO. An outage starts with
 * a measured second that misses the SLO and lasts as long as the following seconds miss it.
 * Recovery then runs until the SLO has held for the recovery hold without a break: seconds within
 * the SLO that do not last the hold, and the misses between them, are the outage's recovery (a
 * flapping target), not new outages. Stateless.
 */
public final class Outages {
  private Outages() {}

  /**
   * @param intervals the per-second series
   * @param withinSlo for each interval, whether it met the SLO; null for seconds not judged
   * @param holdNanos how long the SLO must hold again for an outage to count as recovered
   */
  public static List<Outage> find(
      List<IntervalStats> intervals, List<Boolean> withinSlo, long holdNanos) {
    List<Outage> outages = new ArrayList<>();
    int n = Math.min(intervals.size(), withinSlo.size());
    int i = 0;
    while (i < n) {
      if (!Boolean.FALSE.equals(withinSlo.get(i))) {
        i++;
        continue;
      }
      long start = Recovery.onGrid(intervals.get(i).startNanos());
      int last = i;
      while (last + 1 < n && Boolean.FALSE.equals(withinSlo.get(last + 1))) {
        last++;
      }
      long end = Recovery.onGrid(intervals.get(last).endNanos());
      // Recovery: the first stretch within the SLO that lasts the hold.
      int k = last + 1;
      long recoveredAt = -1;
      int next = n;
      while (k < n && withinSlo.get(k) != null) {
        if (!withinSlo.get(k)) {
          k++;
          continue;
        }
        int from = k;
        while (k < n && Boolean.TRUE.equals(withinSlo.get(k))) {
          k++;
          long held =
              Recovery.onGrid(intervals.get(k - 1).endNanos())
                  - Recovery.onGrid(intervals.get(from).startNanos());
          if (held >= holdNanos) {
            recoveredAt = Recovery.onGrid(intervals.get(from).startNanos());
            next = k;
            break;
          }
        }
        if (recoveredAt >= 0) {
          break;
        }
      }
      boolean recovered = recoveredAt >= 0;
      outages.add(
          new Outage(
              start,
              end,
              recovered,
              recovered ? Math.max(0, recoveredAt - end) : FaultImpact.NOT_RECOVERED));
      i = recovered ? next : n;
    }
    return outages;
  }
}
