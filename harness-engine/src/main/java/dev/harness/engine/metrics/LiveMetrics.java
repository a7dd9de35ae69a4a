package dev.harness.engine.metrics;

import dev.harness.engine.result.GeneratorSecond;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.ProbeResult;
import dev.harness.engine.run.RunListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A run's live figures as Micrometer meters: requests by outcome, a response-time histogram,
 * offered and achieved rate, requests in flight, arrivals waiting, and the generator's own
 * lateness, CPU and GC pauses; with a probe, its last answer. Names follow Prometheus' conventions
 * (base units, {@code _total}, {@code _ratio}) so {@code promtool check metrics} passes; the table
 * in docs/metrics.md lists them.
 *
 * <p>Nothing here runs on a worker: the meters are updated once a second from the sampler's figures
 * (which the workers record in their single-writer recorders), so watching the run adds no atomic
 * and no allocation to a request's path. The response-time histogram is filled from each second's
 * merged HdrHistogram, one {@link Timer#record} per recorded request, on the sampler's thread. A
 * scrape sees the figures of the last whole second; after the run's last (partial) second the
 * counters hold the run's totals.
 *
 * <p>Thread contract: {@link #onInterval} and {@link #onGenerator} are called by the run's sampler
 * thread, {@link #onProbe} by the probe's thread, {@link #finished} by whoever ran the run; the
 * registry reads from its own threads. Each figure has one writer and is published whole (volatile
 * or atomic), so readers never see half a value.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * LiveMetrics live = new LiveMetrics(registry);
 * new LoadRun(spec, live, grace).execute();   // scrape registry.scrape() meanwhile
 * live.finished();
 * }</pre>
 */
public final class LiveMetrics implements RunListener {
  /**
   * Upper bounds of the response-time histogram's buckets, a 1-2-5 series from 100 microseconds to
   * 60 seconds: fine enough that {@code histogram_quantile} lands within a bucket of the exact
   * figure, few enough (19 series with +Inf) to keep a scrape small.
   */
  public static final Duration[] BUCKETS = buckets();

  private final AtomicLongArray outcomes = new AtomicLongArray(Outcome.count());
  private final AtomicLongArray totals = new AtomicLongArray(8);
  private static final int SCHEDULED = 0;
  private static final int SENT = 1;
  private static final int LATE = 3;
  private static final int LONG_TICKS = 4;
  private static final int GC_NANOS = 5;
  private static final int PROBES_OK = 6;
  private static final int PROBES_FAILED = 7;

  private final Timer response;
  private volatile double offered;
  private volatile double achieved;
  private volatile double p50 = Double.NaN;
  private volatile double p99 = Double.NaN;
  private volatile double max = Double.NaN;
  private volatile double inFlight;
  private volatile double waiting;
  private volatile double latenessP99;
  private volatile double latenessMax;
  private volatile double busiest;
  private volatile double cpu;
  private volatile double behind;
  private volatile double probeUp = Double.NaN;
  private volatile double probeLatency = Double.NaN;
  private volatile double finished;

  public LiveMetrics(MeterRegistry registry) {
    for (Outcome o : Outcome.values()) {
      int i = o.ordinal();
      FunctionCounter.builder("harness.requests", outcomes, a -> a.get(i))
          .description("Arrivals that ended, by outcome")
          .tag("outcome", o.label())
          .register(registry);
    }
    counter(registry, "harness.arrivals.scheduled", SCHEDULED, "Arrivals the schedule made due");
    counter(registry, "harness.requests.sent", SENT, "Requests written to a connection");
    counter(registry, "harness.generator.late.arrivals", LATE, "Arrivals handled over 16ms late");
    counter(
        registry,
        "harness.generator.long.ticks",
        LONG_TICKS,
        "Heartbeats of the workers' loops that fired over 16ms late");
    FunctionCounter.builder("harness.gc.pause", totals, a -> a.get(GC_NANOS) / 1e9)
        .description("Stop-the-world GC pause time of the generator's JVM")
        .baseUnit("seconds")
        .register(registry);
    response =
        Timer.builder("harness.response")
            .description("Response time from the intended start, answers and timeouts")
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    seconds(registry, "harness.response.last.p50", m -> m.p50, "Median response time, last second");
    seconds(registry, "harness.response.last.p99", m -> m.p99, "p99 response time, last second");
    seconds(registry, "harness.response.last.max", m -> m.max, "Longest response, last second");
    gauge(registry, "harness.rate.offered", m -> m.offered, "Arrivals due per second, last second");
    gauge(
        registry,
        "harness.rate.achieved",
        m -> m.achieved,
        "Answers completed per second, last second");
    gauge(registry, "harness.inflight", m -> m.inFlight, "Requests in flight at the last sample");
    gauge(registry, "harness.waiting", m -> m.waiting, "Arrivals waiting for a connection");
    seconds(
        registry,
        "harness.generator.timer.lateness.p99",
        m -> m.latenessP99,
        "p99 lateness of the workers' timers, last second");
    seconds(
        registry,
        "harness.generator.timer.lateness.max",
        m -> m.latenessMax,
        "Longest lateness of the workers' timers, last second");
    ratio(
        registry,
        "harness.generator.busy",
        m -> m.busiest,
        "Share of the last second the busiest worker was running or runnable");
    gauge(
        registry,
        "harness.generator.behind",
        m -> m.behind,
        "1 when the last second fell behind its schedule, else 0");
    ratio(
        registry,
        "harness.process.cpu",
        m -> m.cpu,
        "Share of the machine's CPUs the generator used in the last second");
    gauge(registry, "harness.probe.up", m -> m.probeUp, "Last probe poll: 1 ok, 0 failed");
    seconds(registry, "harness.probe.latency", m -> m.probeLatency, "Last probe poll's latency");
    gauge(
        registry,
        "harness.run.finished",
        m -> m.finished,
        "1 once the run has ended and every counter holds its final total, else 0");
    FunctionCounter.builder("harness.probe.polls", totals, a -> a.get(PROBES_OK))
        .description("Health probe polls, by result")
        .tag("result", "ok")
        .register(registry);
    FunctionCounter.builder("harness.probe.polls", totals, a -> a.get(PROBES_FAILED))
        .description("Health probe polls, by result")
        .tag("result", "failed")
        .register(registry);
  }

  private static Duration[] buckets() {
    long[] steps = {1, 2, 5};
    Duration[] out = new Duration[18];
    long decade = 100_000; // 100 microseconds in nanoseconds
    for (int i = 0; i < out.length; i++) {
      out[i] = Duration.ofNanos(steps[i % 3] * decade);
      if (i % 3 == 2) {
        decade *= 10;
      }
    }
    out[out.length - 1] = Duration.ofSeconds(60); // 50 s would be the series' next; a minute reads
    return out;
  }

  private void counter(MeterRegistry registry, String name, int slot, String description) {
    FunctionCounter.builder(name, totals, a -> a.get(slot))
        .description(description)
        .register(registry);
  }

  private void gauge(
      MeterRegistry registry, String name, ToDoubleFunction<LiveMetrics> f, String description) {
    Gauge.builder(name, this, f).description(description).register(registry);
  }

  private void seconds(
      MeterRegistry registry, String name, ToDoubleFunction<LiveMetrics> f, String description) {
    Gauge.builder(name, this, f).description(description).baseUnit("seconds").register(registry);
  }

  private void ratio(
      MeterRegistry registry, String name, ToDoubleFunction<LiveMetrics> f, String description) {
    Gauge.builder(name, this, f).description(description).baseUnit("ratio").register(registry);
  }

  /** Marks the figures final: the run has ended and its last interval has been counted. */
  public void finished() {
    finished = 1;
  }

  @Override
  public void onInterval(
      IntervalStats stats, Histogram response, Map<String, Histogram> responseByName) {
    for (Outcome o : Outcome.values()) {
      outcomes.lazySet(o.ordinal(), outcomes.get(o.ordinal()) + stats.outcomes().get(o));
    }
    totals.lazySet(SCHEDULED, totals.get(SCHEDULED) + stats.scheduled());
    totals.lazySet(SENT, totals.get(SENT) + stats.sent());
    long n = response.getTotalCount();
    for (HistogramIterationValue v : response.recordedValues()) {
      long nanos = v.getValueIteratedTo();
      for (long k = v.getCountAtValueIteratedTo(); k > 0; k--) {
        this.response.record(nanos, TimeUnit.NANOSECONDS);
      }
    }
    double seconds = Math.max(1e-9, (stats.endNanos() - stats.startNanos()) / 1e9);
    offered = stats.scheduled() / seconds;
    achieved = stats.achievedRate();
    p50 = n == 0 ? Double.NaN : response.getValueAtPercentile(50) / 1e9;
    p99 = n == 0 ? Double.NaN : response.getValueAtPercentile(99) / 1e9;
    max = n == 0 ? Double.NaN : response.getMaxValue() / 1e9;
  }

  @Override
  public void onGenerator(GeneratorSecond s) {
    totals.lazySet(LATE, totals.get(LATE) + s.lateArrivals());
    totals.lazySet(LONG_TICKS, totals.get(LONG_TICKS) + s.longTicks());
    totals.lazySet(GC_NANOS, totals.get(GC_NANOS) + s.gcPauseNanos());
    inFlight = s.inFlight();
    waiting = s.waiting();
    latenessP99 = s.timerLatenessP99() / 1e9;
    latenessMax = s.timerLatenessMax() / 1e9;
    busiest = s.busiestWorker();
    cpu = s.processCpu();
    behind = s.behind() ? 1 : 0;
  }

  @Override
  public void onProbe(ProbeResult.Poll poll) {
    int slot = poll.ok() ? PROBES_OK : PROBES_FAILED;
    totals.lazySet(slot, totals.get(slot) + 1);
    probeUp = poll.ok() ? 1 : 0;
    probeLatency = poll.latencyNanos() / 1e9;
  }
}
