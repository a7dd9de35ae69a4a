package dev.harness.engine.result;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How the target held up: each second judged against the SLO, availability over the measured
 * seconds, what each fault did and how long recovery took, and whether the run was aborted.
 *
 * @param slo the SLO each second was judged against, as text
 * @param sloSource where the SLO came from: {@code slo} (given), {@code criteria} (the run's
 *     per-second criteria) or {@code default}
 * @param withinSlo for each entry of {@link RunResult#intervals()}, whether it met the SLO; null
 *     for seconds not judged (warm-up, the drain after the end)
 * @param secondsJudged measured seconds judged
 * @param secondsWithinSlo of those, the seconds that met the SLO
 * @param faults each fault window, in time order
 * @param abort why the run was stopped early, or null
 * @param outages outages nobody injected, found in the series of a run without faults; empty for a
 *     fault drill (its outages are its faults)
 */
public record Resilience(
    List<String> slo,
    String sloSource,
    List<Boolean> withinSlo,
    long secondsJudged,
    long secondsWithinSlo,
    List<FaultImpact> faults,
    Abort abort,
    List<Outage> outages) {

  /** Resilience figures without outages. */
  public Resilience(
      List<String> slo,
      String sloSource,
      List<Boolean> withinSlo,
      long secondsJudged,
      long secondsWithinSlo,
      List<FaultImpact> faults,
      Abort abort) {
    this(slo, sloSource, withinSlo, secondsJudged, secondsWithinSlo, faults, abort, List.of());
  }

  /**
   * An abort condition that held.
   *
   * @param criterion the condition, e.g. {@code errors > 10%}
   * @param actualText its value when it held
   * @param atNanos the end of the second after which it held, from the start of the run
   */
  public record Abort(String criterion, String actualText, long atNanos) {}

  public Resilience {
    slo = List.copyOf(slo);
    // null entries are allowed here, so no List.copyOf
    withinSlo = Collections.unmodifiableList(new ArrayList<>(withinSlo));
    faults = List.copyOf(faults);
    outages = outages == null ? List.of() : List.copyOf(outages);
  }

  /** Longest recovery over the outages, ns; {@link FaultImpact#NOT_RECOVERED} if any never did. */
  public long worstOutageRecoveryNanos() {
    long worst = 0;
    for (Outage o : outages) {
      if (!o.recovered()) {
        return FaultImpact.NOT_RECOVERED;
      }
      worst = Math.max(worst, o.recoveryNanos());
    }
    return worst;
  }

  /** Share of judged seconds within the SLO, 0 to 1; NaN when none was judged. */
  public double availability() {
    return secondsJudged == 0 ? Double.NaN : (double) secondsWithinSlo / secondsJudged;
  }

  /** Longest recovery over the faults, ns; {@link FaultImpact#NOT_RECOVERED} if any never did. */
  public long worstRecoveryNanos() {
    long worst = 0;
    for (FaultImpact f : faults) {
      if (!f.recovered()) {
        return FaultImpact.NOT_RECOVERED;
      }
      worst = Math.max(worst, f.recoveryNanos());
    }
    return worst;
  }
}
