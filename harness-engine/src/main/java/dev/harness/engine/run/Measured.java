package dev.harness.engine.run;

import dev.harness.engine.judge.Judgement;
import dev.harness.engine.judge.Measurements;
import dev.harness.engine.judge.SpareSeconds;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.CheckFailures;
import dev.harness.engine.result.ConnectionStats;
import dev.harness.engine.result.ErrorReason;
import dev.harness.engine.result.Http2Stats;
import dev.harness.engine.result.PhaseResult;
import dev.harness.engine.result.RequestResult;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.WebSocketStats;
import java.time.Instant;
import java.util.List;

/**
 * A run as measured, before it is judged: what the reports show, and the {@link Measurements} the
 * verdict depends on. Immutable.
 *
 * @param startedAt wall-clock time of the run's time zero
 * @param phases each phase as measured, warm-up included
 * @param requests each request name over the measured phases, in declaration order
 * @param measurements what the judge reads
 * @param connections what opening the connections cost, or null when not measured
 * @param checkFailures why checks failed in the measured phases, over all workers
 * @param errorReasons why requests ended in protocol or request errors, most frequent first
 * @param http2 what the run saw of HTTP/2, or null for an HTTP/1.1 run
 * @param websocket what the run saw of its sockets and messages, or null for an HTTP run
 */
public record Measured(
    Instant startedAt,
    List<PhaseResult> phases,
    List<RequestResult> requests,
    Measurements measurements,
    ConnectionStats connections,
    CheckFailures checkFailures,
    List<ErrorReason> errorReasons,
    Http2Stats http2,
    WebSocketStats websocket) {

  /** This run with its connections' figures. */
  public Measured withConnections(ConnectionStats c) {
    return new Measured(
        startedAt,
        phases,
        requests,
        measurements,
        c,
        checkFailures,
        errorReasons,
        http2,
        websocket);
  }

  /** This run with what was measured in the seconds the generator had time to spare. */
  public Measured withSpare(SpareSeconds spare) {
    return new Measured(
        startedAt,
        phases,
        requests,
        measurements.withSpare(spare),
        connections,
        checkFailures,
        errorReasons,
        http2,
        websocket);
  }

  public Measured {
    phases = List.copyOf(phases);
    requests = List.copyOf(requests);
    errorReasons = List.copyOf(errorReasons);
  }

  /** The result of the run of {@code spec} with the judge's decision. */
  public RunResult judged(RunSpec spec, Judgement j) {
    Measurements m = measurements;
    return RunResult.builder()
        .spec(spec)
        .startedAt(startedAt)
        .verdict(j.verdict())
        .reason(j.reason())
        .phases(phases)
        .measured(m.measured())
        .intervals(m.intervals())
        .generator(m.generator())
        .criteria(j.criteria())
        .requests(requests)
        .resilience(j.resilience())
        .probe(m.probe())
        .connections(connections)
        .checkFailures(checkFailures)
        .errorReasons(errorReasons)
        .http2(http2)
        .target(m.target())
        .websocket(websocket)
        .build();
  }
}
