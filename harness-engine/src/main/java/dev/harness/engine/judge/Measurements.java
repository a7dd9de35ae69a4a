package dev.harness.engine.judge;

import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.ProbeResult;
import dev.harness.engine.result.RequestResult;
import dev.harness.engine.result.Resilience;
import dev.harness.engine.result.Snapshot;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.TargetMetrics;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Everything a run measured that its verdict depends on, as plain values: one process's run gives
 * them, and so could a merge of several shards' results. Histograms are read-only.
 *
 * @param measured all measured (non-warm-up) phases together
 * @param intervals the per-second series over the whole run
 * @param generator how well the generator kept up, and its workers' restarts; null when unknown
 * @param probe the health probe's timeline, or null when the run had no probe
 * @param lastConnectError the last error a connection attempt met, or null
 * @param ending how arrivals ended
 * @param faultResponse for fault window {@code i} of the drill, the response times of the seconds
 *     that overlap it; empty for a run without faults
 * @param abort the abort condition that stopped the run, or null
 * @param generatorBusy share of one core per worker the generator's event loops used in the
 *     measured part, 0 to 1; NaN when not measured (only a capacity step measures it)
 * @param requests each request name over the measured phases, what a criterion that selects a name
 *     ({@code p95{name=token} < 5ms}) reads; empty when not known
 * @param spare what was measured in the seconds the generator had time to spare; null when not
 *     known (the judge then cannot blame a failure on the generator's limit)
 * @param target the target's own metrics as scraped during the run, or null when none were
 * @param sloWindows for an SLO judged over a sliding window ({@code p99 < 50ms over 30s}), by
 *     window length in ns, the series of the windows ending with each second of {@code intervals};
 *     empty when none was measured (a window is then judged on its second alone)
 */
public record Measurements(
    Stats measured,
    List<IntervalStats> intervals,
    GeneratorHealth generator,
    ProbeResult probe,
    String lastConnectError,
    Ending ending,
    List<Histogram> faultResponse,
    Resilience.Abort abort,
    double generatorBusy,
    List<RequestResult> requests,
    SpareSeconds spare,
    TargetMetrics target,
    Map<Long, List<IntervalStats>> sloWindows) {

  public Measurements {
    intervals = Snapshot.immutable(intervals);
    faultResponse = List.copyOf(faultResponse);
    requests = List.copyOf(requests);
    sloWindows = sloWindows == null ? Map.of() : Map.copyOf(sloWindows);
  }

  /**
   * What a run measured, without fault windows, abort, the generator's busy share, request names or
   * spare seconds.
   */
  public static Measurements of(
      Stats measured,
      List<IntervalStats> intervals,
      GeneratorHealth generator,
      ProbeResult probe,
      String lastConnectError,
      Ending ending) {
    return new Measurements(
        measured,
        intervals,
        generator,
        probe,
        lastConnectError,
        ending,
        List.of(),
        null,
        Double.NaN,
        List.of(),
        null,
        null,
        Map.of());
  }

  /** These measurements with a fault drill's evidence: each window's response times, the abort. */
  public Measurements withFaults(List<Histogram> faultResponse, Resilience.Abort abort) {
    return toBuilder().faultResponse(faultResponse).abort(abort).build();
  }

  /** These measurements with the generator's busy share of a capacity step. */
  public Measurements withGeneratorBusy(double busy) {
    return toBuilder().generatorBusy(busy).build();
  }

  /** These measurements with each request name's totals. */
  public Measurements withRequests(List<RequestResult> requests) {
    return toBuilder().requests(requests).build();
  }

  /** These measurements with what was measured in the seconds the generator had time to spare. */
  public Measurements withSpare(SpareSeconds spare) {
    return toBuilder().spare(spare).build();
  }

  /** These measurements with the target's own metrics as scraped; null for none. */
  public Measurements withTarget(TargetMetrics target) {
    return toBuilder().target(target).build();
  }

  /**
   * These measurements with the series an SLO judged over a sliding window reads: for each window
   * length (ns), one entry per entry of {@link #intervals}, covering the measured seconds of the
   * window that ends with that second.
   */
  public Measurements withSloWindows(Map<Long, List<IntervalStats>> windows) {
    return toBuilder().sloWindows(windows).build();
  }

  /** A builder holding these measurements' fields, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A copy of {@link Measurements} with some fields replaced. */
  public static final class Builder {
    private Stats measured;
    private List<IntervalStats> intervals;
    private GeneratorHealth generator;
    private ProbeResult probe;
    private String lastConnectError;
    private Ending ending;
    private List<Histogram> faultResponse;
    private Resilience.Abort abort;
    private double generatorBusy;
    private List<RequestResult> requests;
    private SpareSeconds spare;
    private TargetMetrics target;
    private Map<Long, List<IntervalStats>> sloWindows;

    private Builder(Measurements m) {
      measured = m.measured;
      intervals = m.intervals;
      generator = m.generator;
      probe = m.probe;
      lastConnectError = m.lastConnectError;
      ending = m.ending;
      faultResponse = m.faultResponse;
      abort = m.abort;
      generatorBusy = m.generatorBusy;
      requests = m.requests;
      spare = m.spare;
      target = m.target;
      sloWindows = m.sloWindows;
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

    public Builder probe(ProbeResult probe) {
      this.probe = probe;
      return this;
    }

    public Builder lastConnectError(String lastConnectError) {
      this.lastConnectError = lastConnectError;
      return this;
    }

    public Builder ending(Ending ending) {
      this.ending = ending;
      return this;
    }

    public Builder faultResponse(List<Histogram> faultResponse) {
      this.faultResponse = faultResponse;
      return this;
    }

    public Builder abort(Resilience.Abort abort) {
      this.abort = abort;
      return this;
    }

    public Builder generatorBusy(double generatorBusy) {
      this.generatorBusy = generatorBusy;
      return this;
    }

    public Builder requests(List<RequestResult> requests) {
      this.requests = requests;
      return this;
    }

    public Builder spare(SpareSeconds spare) {
      this.spare = spare;
      return this;
    }

    public Builder target(TargetMetrics target) {
      this.target = target;
      return this;
    }

    public Builder sloWindows(Map<Long, List<IntervalStats>> sloWindows) {
      this.sloWindows = sloWindows;
      return this;
    }

    public Measurements build() {
      return new Measurements(
          measured,
          intervals,
          generator,
          probe,
          lastConnectError,
          ending,
          faultResponse,
          abort,
          generatorBusy,
          requests,
          spare,
          target,
          sloWindows);
    }
  }
}
