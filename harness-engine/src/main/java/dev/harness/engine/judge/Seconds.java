package dev.harness.engine.judge;

import dev.harness.engine.model.FaultWindow;
import dev.harness.engine.model.ResilienceSpec;
import dev.harness.engine.result.FaultImpact;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.Resilience;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The resilience figures of a run, from its per-second series alone: each measured second against
 * the {@link Slo}, and each fault window's impact and recovery. Pure: a merge of several shards'
 * series gives the same figures as one process would. Stateless.
 */
final class Seconds {
  private Seconds() {}

  /**
   * @param slo what each second must meet
   * @param rs the fault timeline and abort conditions asked for
   * @param m what was measured; {@link Measurements#faultResponse} holds, for fault window {@code
   *     i}, the response times of the seconds that overlap it
   * @param warmupNanos where the measured part starts, from time zero
   */
  static Resilience judge(Slo slo, ResilienceSpec rs, Measurements m, long warmupNanos) {
    List<IntervalStats> intervals = m.intervals();
    long from = warmupNanos;
    long to = from + m.measured().durationNanos();
    List<Boolean> within = new ArrayList<>();
    long judged = 0;
    long met = 0;
    boolean[] meets = new boolean[intervals.size()];
    for (int k = 0; k < intervals.size(); k++) {
      IntervalStats i = intervals.get(k);
      meets[k] = slo.meets(intervals, k, m.sloWindows());
      long start = Recovery.onGrid(i.startNanos());
      if (start < from || start >= to) {
        within.add(null);
        continue;
      }
      boolean ok = meets[k];
      within.add(ok);
      judged++;
      met += ok ? 1 : 0;
    }
    List<FaultImpact> faults = new ArrayList<>();
    for (int w = 0; w < rs.faults().size(); w++) {
      Histogram response =
          w < m.faultResponse().size() ? m.faultResponse().get(w) : new Histogram(3);
      faults.add(impact(rs.faults().get(w), intervals, meets, response, to));
    }
    // Without injected faults, the outages worth naming: the probe's failed polls when the run has
    // a probe and no SLO of its own (the probe is then what availability counts too), else the
    // seconds that missed the SLO.
    List<dev.harness.engine.result.Outage> outages = List.of();
    if (rs.faults().isEmpty()) {
      outages =
          m.probe() != null && !"slo".equals(slo.source())
              ? ProbeOutages.find(m.probe(), rs.recoveryHoldNanos())
              : Outages.find(intervals, within, rs.recoveryHoldNanos());
    }
    return new Resilience(
        slo.expressions(), slo.source(), within, judged, met, faults, m.abort(), outages);
  }

  private static FaultImpact impact(
      FaultWindow w,
      List<IntervalStats> intervals,
      boolean[] meets,
      Histogram response,
      long runEnd) {
    OutcomeCounts outcomes = OutcomeCounts.empty();
    for (IntervalStats i : intervals) {
      if (Recovery.overlaps(i, w)) {
        outcomes = outcomes.plus(i.outcomes());
      }
    }
    long recovery =
        w.endNanos() >= runEnd
            ? FaultImpact.NOT_RECOVERED // still on when the run ended
            : Recovery.after(intervals, meets, w.endNanos(), runEnd);
    return new FaultImpact(
        w.atNanos(),
        w.forNanos(),
        w.fault().text(),
        w.fault().kind().label(),
        outcomes.total(),
        outcomes.errors(),
        outcomes,
        response,
        recovery);
  }
}
