package dev.harness.engine.result;

import dev.harness.engine.model.RunSpec;
import java.time.Instant;
import java.util.List;

/**
 * The complete outcome of a run: the input to every report. Immutable once built.
 *
 * @param spec what was asked for
 * @param startedAt wall-clock time of the run start (the schedule's time zero)
 * @param verdict pass, fail, invalid or interrupted
 * @param reason why the run is invalid or interrupted; null for pass and fail
 * @param phases each phase as measured, warm-up included
 * @param measured all non-warm-up phases together: what criteria judge
 * @param intervals per-second time series over the whole run
 * @param generator how well the generator kept up
 * @param criteria each criterion with its actual value
 * @param requests each request name (a single request, or a step of a flow) over the measured
 *     phases, in declaration order
 * @param resilience SLO per second, availability, fault windows and recovery; null when the run
 *     asked for none
 * @param probe the health probe's timeline, or null when the run had no probe
 * @param connections what opening the connections cost, and the TLS they spoke; null when not
 *     measured (a result saved before it was)
 * @param checkFailures why checks failed in the measured phases, by reason; {@link
 *     CheckFailures#NONE} when none did
 * @param errorReasons why requests ended in protocol or request errors, with counts, most frequent
 *     first, over the whole run (warm-up included)
 * @param http2 what the run saw of HTTP/2, or null for an HTTP/1.1 run
 */
public record RunResult(
    RunSpec spec,
    Instant startedAt,
    Verdict verdict,
    String reason,
    List<PhaseResult> phases,
    Stats measured,
    List<IntervalStats> intervals,
    GeneratorHealth generator,
    List<CriterionResult> criteria,
    List<RequestResult> requests,
    Resilience resilience,
    ProbeResult probe,
    ConnectionStats connections,
    CheckFailures checkFailures,
    List<ErrorReason> errorReasons,
    Http2Stats http2) {

  /** Version of the result format; bumped on incompatible changes (see docs/result-format.md). */
  public static final int SCHEMA = 1;

  /** A result without resilience figures or health probe. */
  public RunResult(
      RunSpec spec,
      Instant startedAt,
      Verdict verdict,
      String reason,
      List<PhaseResult> phases,
      Stats measured,
      List<IntervalStats> intervals,
      GeneratorHealth generator,
      List<CriterionResult> criteria,
      List<RequestResult> requests) {
    this(
        spec, startedAt, verdict, reason, phases, measured, intervals, generator, criteria,
        requests, null, null);
  }

  /** A result of an HTTP/1.1 run without connection figures, failed checks' or error reasons. */
  public RunResult(
      RunSpec spec,
      Instant startedAt,
      Verdict verdict,
      String reason,
      List<PhaseResult> phases,
      Stats measured,
      List<IntervalStats> intervals,
      GeneratorHealth generator,
      List<CriterionResult> criteria,
      List<RequestResult> requests,
      Resilience resilience,
      ProbeResult probe) {
    this(
        spec,
        startedAt,
        verdict,
        reason,
        phases,
        measured,
        intervals,
        generator,
        criteria,
        requests,
        resilience,
        probe,
        null,
        CheckFailures.NONE,
        List.of(),
        null);
  }

  public RunResult {
    if (checkFailures == null) {
      checkFailures = CheckFailures.NONE;
    }
    phases = List.copyOf(phases);
    intervals = List.copyOf(intervals);
    criteria = List.copyOf(criteria);
    requests = List.copyOf(requests);
    errorReasons = errorReasons == null ? List.of() : List.copyOf(errorReasons);
  }
}
