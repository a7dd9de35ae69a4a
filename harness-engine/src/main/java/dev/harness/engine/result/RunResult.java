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
 * @param target the target's own metrics as scraped during the run, or null when none were
 * @param websocket what the run saw of its sockets and messages, or null for an HTTP run
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
    Http2Stats http2,
    TargetMetrics target,
    WebSocketStats websocket) {

  /** Version of the result format; bumped on incompatible changes (see docs/result-format.md). */
  public static final int SCHEMA = 1;

  public RunResult {
    if (checkFailures == null) {
      checkFailures = CheckFailures.NONE;
    }
    phases = List.copyOf(phases);
    intervals = Snapshot.immutable(intervals);
    criteria = List.copyOf(criteria);
    requests = List.copyOf(requests);
    errorReasons = errorReasons == null ? List.of() : List.copyOf(errorReasons);
  }

  /**
   * A builder of a new result: until set, no phases, series, criteria, request names, failed checks
   * or error reasons, and null for every other field.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this result's fields, to change some of them (tests, re-judging). */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A new {@link RunResult}, or a copy of one with some fields replaced. */
  public static final class Builder {
    private RunSpec spec;
    private Instant startedAt;
    private Verdict verdict;
    private String reason;
    private List<PhaseResult> phases;
    private Stats measured;
    private List<IntervalStats> intervals;
    private GeneratorHealth generator;
    private List<CriterionResult> criteria;
    private List<RequestResult> requests;
    private Resilience resilience;
    private ProbeResult probe;
    private ConnectionStats connections;
    private CheckFailures checkFailures;
    private List<ErrorReason> errorReasons;
    private Http2Stats http2;
    private TargetMetrics target;
    private WebSocketStats websocket;

    private Builder() {
      phases = List.of();
      intervals = List.of();
      criteria = List.of();
      requests = List.of();
    }

    private Builder(RunResult r) {
      spec = r.spec;
      startedAt = r.startedAt;
      verdict = r.verdict;
      reason = r.reason;
      phases = r.phases;
      measured = r.measured;
      intervals = r.intervals;
      generator = r.generator;
      criteria = r.criteria;
      requests = r.requests;
      resilience = r.resilience;
      probe = r.probe;
      connections = r.connections;
      checkFailures = r.checkFailures;
      errorReasons = r.errorReasons;
      http2 = r.http2;
      target = r.target;
      websocket = r.websocket;
    }

    public Builder spec(RunSpec spec) {
      this.spec = spec;
      return this;
    }

    public Builder startedAt(Instant startedAt) {
      this.startedAt = startedAt;
      return this;
    }

    public Builder verdict(Verdict verdict) {
      this.verdict = verdict;
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Builder phases(List<PhaseResult> phases) {
      this.phases = phases;
      return this;
    }

    public Builder measured(Stats measured) {
      this.measured = measured;
      return this;
    }

    public Builder intervals(List<IntervalStats> intervals) {
      this.intervals = intervals;
      return this;
    }

    public Builder generator(GeneratorHealth generator) {
      this.generator = generator;
      return this;
    }

    public Builder criteria(List<CriterionResult> criteria) {
      this.criteria = criteria;
      return this;
    }

    public Builder requests(List<RequestResult> requests) {
      this.requests = requests;
      return this;
    }

    public Builder resilience(Resilience resilience) {
      this.resilience = resilience;
      return this;
    }

    public Builder probe(ProbeResult probe) {
      this.probe = probe;
      return this;
    }

    public Builder connections(ConnectionStats connections) {
      this.connections = connections;
      return this;
    }

    public Builder checkFailures(CheckFailures checkFailures) {
      this.checkFailures = checkFailures;
      return this;
    }

    public Builder errorReasons(List<ErrorReason> errorReasons) {
      this.errorReasons = errorReasons;
      return this;
    }

    public Builder http2(Http2Stats http2) {
      this.http2 = http2;
      return this;
    }

    public Builder target(TargetMetrics target) {
      this.target = target;
      return this;
    }

    public Builder websocket(WebSocketStats websocket) {
      this.websocket = websocket;
      return this;
    }

    public RunResult build() {
      return new RunResult(
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
          connections,
          checkFailures,
          errorReasons,
          http2,
          target,
          websocket);
    }
  }
}
