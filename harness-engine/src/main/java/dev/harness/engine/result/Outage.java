package dev.harness.engine.result;

/**
 * An outage nobody injected, found in a run without a fault timeline (a target killed and
 * restarted, a deploy, a dependency that went away): consecutive measured seconds that missed the
 * SLO, or, in a run with a health probe and no SLO of its own, consecutive failed polls. Times are
 * from the run start.
 *
 * @param startNanos start of the first second that missed the SLO (of the first failed poll)
 * @param endNanos end of the last second that missed it (the next poll after the last failed one: a
 *     failed poll stands for its interval)
 * @param recovered whether the SLO (the probe) then held for the recovery hold before the run ended
 * @param recoveryNanos from {@code endNanos} to the start of the first stretch within the SLO (of
 *     polls that succeeded) that lasted the recovery hold: 0 when it held from the next second
 *     (poll) on, longer when the target flapped; {@link FaultImpact#NOT_RECOVERED} when not
 *     recovered
 * @param source what the outage was found in: {@link #SLO} (the per-second series) or {@link
 *     #PROBE} (the health probe's polls)
 */
public record Outage(
    long startNanos, long endNanos, boolean recovered, long recoveryNanos, String source) {
  /** Found in the seconds that missed the SLO. */
  public static final String SLO = "slo";

  /** Found in the health probe's failed polls. */
  public static final String PROBE = "probe";

  /** An outage found in the per-second series. */
  public Outage(long startNanos, long endNanos, boolean recovered, long recoveryNanos) {
    this(startNanos, endNanos, recovered, recoveryNanos, SLO);
  }

  public Outage {
    if (source == null) {
      source = SLO;
    }
  }

  /** How long the SLO was missed (the probe failed). */
  public long lengthNanos() {
    return endNanos - startNanos;
  }
}
