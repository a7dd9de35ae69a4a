package dev.harness.report;

import dev.harness.engine.judge.Evaluation;
import dev.harness.engine.model.Flow;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.GeneratorSecond;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.PhaseResult;
import dev.harness.engine.result.RequestResult;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.testkit.Specs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
    return spec(model, "http://127.0.0.1:8080/", 100);
  }

  static RunSpec spec(LoadModel model, String target, double perSecond) {
    RateProfile rate = model == LoadModel.OPEN ? new RateProfile.Constant(perSecond) : null;
    return Specs.builder(target)
        .request(RequestSpec.of("get", "get", "/", List.of(), null))
        .phases(
            List.of(
                new Phase("warmup", 5 * S, rate, true), new Phase("steady", 10 * S, rate, false)))
        .model(model)
        .workers(2)
        .connections(8)
        .timeoutNanos(2 * S)
        .criteria(Specs.criteria("p99 < 5ms", "errors < 5%"))
        .build();
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

  /**
   * A generator over ten measured seconds whose late arrivals fill the first seconds: 300 of 1000
   * makes three seconds behind (more than the one allowed), 30 of 1000 none.
   */
  static GeneratorHealth generator(long late, long arrivals) {
    List<GeneratorSecond> seconds = new ArrayList<>();
    long each = arrivals / 10;
    long left = late;
    for (int i = 0; i < 10; i++) {
      long l = Math.min(each, left);
      left -= l;
      seconds.add(
          new GeneratorSecond(
              i * S,
              (i + 1) * S,
              true,
              each,
              l,
              0,
              false,
              0.2,
              90_000,
              2 * MS,
              100,
              0,
              0,
              3,
              0.1,
              0));
    }
    return new GeneratorHealth(
        2,
        histogram(100, 10_000L),
        late,
        arrivals,
        histogram(100, 1_000L),
        1000,
        0,
        0,
        12,
        0.1,
        2,
        4 * MS,
        2,
        seconds,
        List.of());
  }

  /** The usual result: open model, generator held, p99 fails, verdict fail. */
  static RunResult result() {
    return result(LoadModel.OPEN, steady(), generator(2, 1500), Verdict.FAIL, null);
  }

  static RunResult result(
      LoadModel model, Stats measured, GeneratorHealth g, Verdict verdict, String reason) {
    return result(spec(model), measured, g, verdict, reason);
  }

  /**
   * An open-model pass of {@code target} at {@code perSecond}, whose measured phase is {@code
   * measured}.
   */
  static RunResult result(String target, double perSecond, Stats measured) {
    return result(
        spec(LoadModel.OPEN, target, perSecond),
        measured,
        new GeneratorHealth(2, histogram(100, 10_000L), 0, measured.scheduled()),
        Verdict.PASS,
        null);
  }

  private static RunResult result(
      RunSpec spec, Stats measured, GeneratorHealth g, Verdict verdict, String reason) {
    double rate = spec.model() == LoadModel.OPEN ? spec.phases().get(1).rate().meanRate(S) : 0;
    List<PhaseResult> phases =
        List.of(
            new PhaseResult("warmup", true, rate, warmup()),
            new PhaseResult("steady", false, rate, measured));
    List<IntervalStats> intervals =
        List.of(
            new IntervalStats(
                0, S, 100, 100, outcomes(100, 0, 0, 0), 2 * MS, 3 * MS, 4 * MS, 5 * MS),
            new IntervalStats(
                S, 2 * S, 100, 90, outcomes(80, 5, 0, 0), 20 * MS, 30 * MS, 40 * MS, 50 * MS),
            new IntervalStats(2 * S, 2 * S + S / 2, 0, 0, OutcomeCounts.empty(), 0, 0, 0, 0));
    List<CriterionResult> criteria =
        spec.criteria().stream().map(c -> Evaluation.evaluate(c, measured)).toList();
    List<RequestResult> requests = List.of(new RequestResult(spec.names().get(0), measured));
    return RunResult.builder()
        .spec(spec)
        .startedAt(STARTED)
        .verdict(verdict)
        .reason(reason)
        .phases(phases)
        .measured(measured)
        .intervals(intervals)
        .generator(g)
        .criteria(criteria)
        .requests(requests)
        .build();
  }

  /**
   * A run that looks like a real one, seeded: 5 s warm-up and 15 s measured at 200/s, latency
   * around 2 ms with a 300 ms stall in second 12 (answers late, 4 timeouts), a few 5xx in seconds 8
   * and 9. Its histograms and time series agree with each other.
   */
  static RunResult realistic() {
    Random random = new Random(42);
    RunSpec spec =
        Specs.builder("http://127.0.0.1:18700/api/items")
            .flows(
                List.of(
                    Flow.single(RequestSpec.of("list items", "GET", "/api/items", List.of(), null)),
                    Flow.single(
                        RequestSpec.of("get item", "GET", "/api/items/7", List.of(), null))))
            .phases(
                List.of(
                    new Phase("warmup", 5 * S, new RateProfile.Constant(200), true),
                    new Phase("steady", 15 * S, new RateProfile.Constant(200), false)))
            .workers(2)
            .connections(16)
            .timeoutNanos(2 * S)
            .criteria(Specs.criteria("p99 < 50ms", "errors < 1%", "rps >= 190"))
            .build();
    Histogram[] nameResponse = {new Histogram(3), new Histogram(3)};
    Histogram[] nameService = {new Histogram(3), new Histogram(3)};
    long[][] nameOutcomes = new long[2][Outcome.count()];
    Histogram warmResponse = new Histogram(3);
    Histogram warmService = new Histogram(3);
    Histogram response = new Histogram(3);
    Histogram service = new Histogram(3);
    List<IntervalStats> intervals = new ArrayList<>();
    long[] warm = new long[Outcome.count()];
    long[] steady = new long[Outcome.count()];
    for (int sec = 0; sec < 20; sec++) {
      Histogram second = new Histogram(3);
      long[] o = new long[Outcome.count()];
      for (int i = 0; i < 200; i++) {
        long service1 = (long) (MS * (1.2 + Math.exp(random.nextGaussian() * 0.45)));
        long wait = sec == 12 && i < 60 ? (300 - i * 5) * MS : 0;
        Outcome out = Outcome.S2XX;
        if ((sec == 8 || sec == 9) && i % 50 == 0) {
          out = Outcome.S5XX;
        }
        if (sec == 12 && i < 2) {
          out = Outcome.TIMEOUT;
          service1 = 2 * S;
        }
        o[out.ordinal()]++;
        if (sec >= 5) {
          nameResponse[i % 2].recordValue(service1 + wait);
          nameService[i % 2].recordValue(service1);
          nameOutcomes[i % 2][out.ordinal()]++;
        }
        second.recordValue(service1 + wait);
        (sec < 5 ? warmResponse : response).recordValue(service1 + wait);
        (sec < 5 ? warmService : service).recordValue(service1);
      }
      for (int k = 0; k < o.length; k++) {
        (sec < 5 ? warm : steady)[k] += o[k];
      }
      intervals.add(
          new IntervalStats(
              sec * S,
              (sec + 1) * S,
              200,
              200,
              OutcomeCounts.of(o),
              second.getValueAtPercentile(50),
              second.getValueAtPercentile(90),
              second.getValueAtPercentile(99),
              second.getMaxValue()));
    }
    Stats warmStats =
        new Stats(5 * S, 1000, 1000, OutcomeCounts.of(warm), warmResponse, warmService);
    Stats measured = new Stats(15 * S, 3000, 3000, OutcomeCounts.of(steady), response, service);
    Histogram lag = new Histogram(3);
    for (int i = 0; i < 3000; i++) {
      lag.recordValue(20_000 + random.nextInt(60_000));
    }
    List<CriterionResult> criteria =
        spec.criteria().stream().map(c -> Evaluation.evaluate(c, measured)).toList();
    long failed = criteria.stream().filter(c -> !c.passed()).count();
    return RunResult.builder()
        .spec(spec)
        .startedAt(STARTED)
        .verdict(failed == 0 ? Verdict.PASS : Verdict.FAIL)
        .reason(failed == 0 ? null : failed + " of " + criteria.size() + " criteria failed")
        .phases(
            List.of(
                new PhaseResult("warmup", true, 200, warmStats),
                new PhaseResult("steady", false, 200, measured)))
        .measured(measured)
        .intervals(intervals)
        .generator(new GeneratorHealth(2, lag, 0, 3000))
        .criteria(criteria)
        .requests(
            List.of(
                new RequestResult(
                    "list items",
                    new Stats(
                        15 * S,
                        1500,
                        1500,
                        OutcomeCounts.of(nameOutcomes[0]),
                        nameResponse[0],
                        nameService[0])),
                new RequestResult(
                    "get item",
                    new Stats(
                        15 * S,
                        1500,
                        1500,
                        OutcomeCounts.of(nameOutcomes[1]),
                        nameResponse[1],
                        nameService[1]))))
        .build();
  }

  /** The metadata of a made-up run. */
  static RunInfo info() {
    return new RunInfo(
        "0.1.0-SNAPSHOT",
        "harness run http://127.0.0.1:18700/api/items -R 200 -d 15s --warmup 5s",
        null,
        "ci-runner-7",
        2,
        "Linux 6.1.0 amd64",
        "17.0.15 (Eclipse Adoptium)");
  }
}
