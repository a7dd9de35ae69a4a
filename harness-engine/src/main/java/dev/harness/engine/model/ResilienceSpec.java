package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The resilience part of a run: a fault timeline (the proxy is started in front of the target for
 * the run when it is not empty), the SLO each second is judged against, and the conditions that
 * stop a run early. Immutable and validated.
 *
 * @param faults fault windows, sorted by start; two windows of the same fault kind never overlap
 * @param slo what a second must meet to count as available; a criterion with a window ({@code p99 <
 *     50ms over 30s}) is judged on the sliding window that ends with each second; empty: see {@link
 *     Slo#of}
 * @param abortOn conditions that, once they hold on what was measured so far, stop the run with
 *     verdict {@code aborted}
 * @param recoveryHoldNanos how long the SLO must hold again after an outage nobody injected for it
 *     to count as recovered ({@code --recovery-hold})
 */
public record ResilienceSpec(
    List<FaultWindow> faults,
    List<Criterion> slo,
    List<Criterion> abortOn,
    long recoveryHoldNanos) {

  /** The recovery hold when none is given. */
  public static final long DEFAULT_RECOVERY_HOLD_NANOS = 5_000_000_000L;

  /** No faults, no SLO of its own, no abort. */
  public static final ResilienceSpec NONE = new ResilienceSpec(List.of(), List.of(), List.of());

  /** A resilience part with the default recovery hold. */
  public ResilienceSpec(List<FaultWindow> faults, List<Criterion> slo, List<Criterion> abortOn) {
    this(faults, slo, abortOn, DEFAULT_RECOVERY_HOLD_NANOS);
  }

  /** This part with another recovery hold. */
  public ResilienceSpec withRecoveryHold(long nanos) {
    return new ResilienceSpec(faults, slo, abortOn, nanos);
  }

  public ResilienceSpec {
    if (recoveryHoldNanos < 1_000_000_000L || recoveryHoldNanos % 1_000_000_000L != 0) {
      throw new InvalidInputException(
          "recovery hold must be whole seconds of the per-second series, at least 1s");
    }
    List<FaultWindow> sorted = new ArrayList<>(faults);
    sorted.sort(Comparator.comparingLong(FaultWindow::atNanos));
    faults = List.copyOf(sorted);
    slo = List.copyOf(slo);
    abortOn = List.copyOf(abortOn);
    for (int i = 0; i < faults.size(); i++) {
      for (int j = i + 1; j < faults.size(); j++) {
        FaultWindow a = faults.get(i);
        FaultWindow b = faults.get(j);
        if (a.fault().kind() == b.fault().kind() && b.atNanos() < a.endNanos()) {
          throw new InvalidInputException(
              "faults '"
                  + a.text()
                  + "' and '"
                  + b.text()
                  + "' overlap: one "
                  + a.fault().kind().label()
                  + " fault at a time");
        }
      }
    }
    for (Criterion c : slo) {
      if (c.name() != null) {
        throw new InvalidInputException(
            "SLO '"
                + c.expression()
                + "': the per-second series is for the whole run, not one request name; judge"
                + " a name with --assert (or capacity --slo)");
      }
      if (!c.judgeablePerSecond()) {
        throw new InvalidInputException(
            "SLO '"
                + c.expression()
                + "' cannot be judged on one second: use p50, p90, p99, max,"
                + " rps or errors as a share (errors < 1%)");
      }
    }
    for (Criterion c : abortOn) {
      if (c.isResilience() || c.isDrift() || c.isTarget()) {
        throw new InvalidInputException(
            "abort-on '"
                + c.expression()
                + "': recovery, availability, drift and the target's metrics are known only at"
                + " the end");
      }
    }
  }

  /** Whether anything here asks for resilience figures. */
  public boolean isEmpty() {
    return faults.isEmpty() && slo.isEmpty() && abortOn.isEmpty();
  }
}
