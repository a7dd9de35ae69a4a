package dev.harness.engine.judge;

import dev.harness.engine.result.FaultImpact;
import dev.harness.engine.result.Outage;
import dev.harness.engine.result.ProbeResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Outages nobody injected, from the health probe's polls: a failed measured poll starts one, and it
 * lasts until the next poll that succeeds (a failed poll stands for its interval, as availability
 * counts it). Recovery then runs until the probe has succeeded for the recovery hold without a
 * break: successes that do not last the hold, and the failures between them, are the outage's
 * recovery (a flapping target), not new outages, as {@link Outages} does with seconds. Stateless.
 */
public final class ProbeOutages {
  private ProbeOutages() {}

  /**
   * @param probe the probe's timeline
   * @param holdNanos how long the probe must succeed again for an outage to count as recovered
   */
  public static List<Outage> find(ProbeResult probe, long holdNanos) {
    List<ProbeResult.Poll> polls =
        probe.polls().stream().filter(ProbeResult.Poll::measured).toList();
    long interval = probe.intervalNanos();
    List<Outage> outages = new ArrayList<>();
    int n = polls.size();
    int i = 0;
    while (i < n) {
      if (polls.get(i).ok()) {
        i++;
        continue;
      }
      long start = polls.get(i).atNanos();
      int last = i;
      while (last + 1 < n && !polls.get(last + 1).ok()) {
        last++;
      }
      long end =
          last + 1 < n ? polls.get(last + 1).atNanos() : polls.get(last).atNanos() + interval;
      long recoveredAt = -1;
      int next = n;
      int k = last + 1;
      while (k < n && recoveredAt < 0) {
        if (!polls.get(k).ok()) {
          k++;
          continue;
        }
        int from = k;
        while (k < n && polls.get(k).ok()) {
          // Successes from poll 'from' to poll k stand for their intervals.
          long held = polls.get(k).atNanos() + interval - polls.get(from).atNanos();
          k++;
          if (held >= holdNanos) {
            recoveredAt = polls.get(from).atNanos();
            next = k;
            break;
          }
        }
      }
      boolean recovered = recoveredAt >= 0;
      outages.add(
          new Outage(
              start,
              end,
              recovered,
              recovered ? Math.max(0, recoveredAt - end) : FaultImpact.NOT_RECOVERED,
              Outage.PROBE));
      i = recovered ? next : n;
    }
    return outages;
  }
}
