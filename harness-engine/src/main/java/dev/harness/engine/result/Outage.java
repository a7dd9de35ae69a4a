package dev.harness.engine.result;

/**
 * An outage nobody injected: consecutive measured seconds that missed the SLO, found in the
 * per-second series of a run without a fault timeline (a target killed and restarted, a deploy, a
 * dependency that went away). Times are from the run start, on the run's one-second grid.
 *
 * @param startNanos start of the first second that missed the SLO
 * @param endNanos end of the last second that missed it
 * @param recovered whether the SLO then held for the recovery hold before the run ended
 * @param recoveryNanos from {@code endNanos} to the start of the first stretch of seconds within
 *     the SLO that lasted the recovery hold: 0 when the SLO held from the next second on, longer
 *     when the target flapped; {@link FaultImpact#NOT_RECOVERED} when not recovered
 */
public record Outage(long startNanos, long endNanos, boolean recovered, long recoveryNanos) {

  /** How long the SLO was missed. */
  public long lengthNanos() {
    return endNanos - startNanos;
  }
}
