package dev.harness.report;

import dev.harness.engine.criteria.Criterion;
import dev.harness.engine.criteria.CriterionResult;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Target;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.PhaseResult;
import dev.harness.engine.result.RequestResult;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.Verdict;
import java.time.Instant;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Run results built by hand with known figures, for the renderers' tests.
 *
 * <p>The measured phase {@code steady} lasts 10 s at 100/s: 1000 arrivals, 990 sent, outcomes 980
 * 2xx, 5 5xx, 5 timeout, 10 unsent. Its response histogram holds 1, 2, ... 1000 ms; its service
 * histogram 0.5, 1.0, ... 500 ms. A 5 s warm-up at 100/s comes first.
 */
final class Results {
  static final Instant STARTED = Instant.parse("2025-03-01T12:00:00.123Z");
  static final long MS = 1_000_000L;
  static final long S = 1_000_000_000L;

  private Results() {}

  static RunSpec spec(LoadModel model) {
    RateProfile rate = model == LoadModel.OPEN ? new RateProfile.Constant(100) : null;
    return RunSpec.single(
        Target.parse("http://127.0.0.1:8080/"),
        RequestSpec.of("get", "get", "/", List.of(), null),
        List.of(new Phase("warmup", 5 * S, rate, true), new Phase("steady", 10 * S, rate, false)),
        model,
        2,
        8,
        2 * S,
        List.of(Criterion.parse("p99 < 5ms"), Criterion.parse("errors < 5%")));
  }

  /** 1, 2, ... n times {@code unitNanos}. */
  static Histogram histogram(int n, long unitNanos) {
    Histogram h = new Histogram(3);
    for (int i = 1; i <= n; i++) {
      h.recordValue(i * unitNanos);
    }
    return h;
  }

  static OutcomeCounts outcomes(long ok, long s5xx, long timeout, long unsent) {
    long[] c = new long[Outcome.count()];
    c[Outcome.S2XX.ordinal()] = ok;
    c[Outcome.S5XX.ordinal()] = s5xx;
    c[Outcome.TIMEOUT.ordinal()] = timeout;
    c[Outcome.UNSENT.ordinal()] = unsent;
    return OutcomeCounts.of(c);
  }

  static Stats steady() {
    return new Stats(
        10 * S, 1000, 990, outcomes(980, 5, 5, 10), histogram(1000, MS), histogram(1000, MS / 2));
  }

  static Stats warmup() {
    return new Stats(
        5 * S, 500, 500, outcomes(500, 0, 0, 0), histogram(500, MS / 10), histogram(500, MS / 20));
  }

  static GeneratorHealth generator(long late, long arrivals) {
    return new GeneratorHealth(2, histogram(100, 10_000L), late, arrivals);
  }

  /** The usual result: open model, generator held, p99 fails, verdict fail. */
  static RunResult result() {
    return result(LoadModel.OPEN, steady(), generator(2, 1500), Verdict.FAIL, null);
  }

  static RunResult result(
      LoadModel model, Stats measured, GeneratorHealth g, Verdict verdict, String reason) {
    RunSpec spec = spec(model);
    List<PhaseResult> phases =
        List.of(
            new PhaseResult("warmup", true, model == LoadModel.OPEN ? 100 : 0, warmup()),
            new PhaseResult("steady", false, model == LoadModel.OPEN ? 100 : 0, measured));
    List<IntervalStats> intervals =
        List.of(
            new IntervalStats(
                0, S, 100, 100, outcomes(100, 0, 0, 0), 2 * MS, 3 * MS, 4 * MS, 5 * MS),
            new IntervalStats(
                S, 2 * S, 100, 90, outcomes(80, 5, 0, 0), 20 * MS, 30 * MS, 40 * MS, 50 * MS),
            new IntervalStats(2 * S, 2 * S + S / 2, 0, 0, OutcomeCounts.empty(), 0, 0, 0, 0));
    List<CriterionResult> criteria =
        spec.criteria().stream().map(c -> c.evaluate(measured)).toList();
    List<RequestResult> requests = List.of(new RequestResult(spec.names().get(0), measured));
    return new RunResult(
        spec, STARTED, verdict, reason, phases, measured, intervals, g, criteria, requests);
  }
}
