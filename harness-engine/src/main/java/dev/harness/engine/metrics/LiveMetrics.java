package dev.harness.engine.metrics;

import dev.harness.engine.result.GeneratorSecond;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.ProbeResult;
import dev.harness.engine.run.RunListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * A run's live figures as Micrometer meters: requests by outcome, a response-time timer, offered
 * and achieved rate, requests in flight, arrivals waiting, and the generator's own lateness, CPU
 * and GC pauses; with a probe, its last answer.
 *
 * <p>Nothing here runs on a worker: the meters are updated once a second from the sampler's figures
 * (which the workers record in their single-writer recorders), so watching the run adds no atomic
 * and no allocation to a request's path. A scrape sees the figures of the last whole second.
 *
 * <p>Thread contract: {@link #onInterval} and {@link #onGenerator} are called by the run's sampler
 * thread, {@link #onProbe} by the probe's thread; the registry reads from its own threads. Each
 * figure has one writer and is published whole (volatile or atomic), so readers never see half a
 * value.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * LiveMetrics live = new LiveMetrics(registry);
 * new LoadRun(spec, live, grace).execute();   // scrape registry.scrape() meanwhile
 * }</pre>
 */
public final class LiveMetrics implements RunListener {
  private final AtomicLongArray outcomes = new AtomicLongArray(Outcome.count());
  private final AtomicLongArray totals = new AtomicLongArray(8);
  private static final int SCHEDULED = 0;
  private static final int SENT = 1;
  private static final int TIMED = 2;
  private static final int LATE = 3;
  private static final int LONG_TICKS = 4;
  private static final int GC_NANOS = 5;
  private static final int PROBES_OK = 6;
  private static final int PROBES_FAILED = 7;

  private volatile double timedSumNanos;
  private volatile double offered;
  private volatile double achieved;
  private volatile double p50;
  private volatile double p99;
  private volatile double max;
  private volatile double inFlight;
  private volatile double waiting;
  private volatile double latenessP99;
  private volatile double latenessMax;
  private volatile double busiest;
  private volatile double cpu;
  private volatile double behind;
  private volatile double probeUp = Double.NaN;
  private volatile double probeLatency = Double.NaN;

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
    FunctionTimer.builder(
            "harness.response",
            this,
            m -> m.totals.get(TIMED),
            m -> m.timedSumNanos,
            TimeUnit.NANOSECONDS)
        .description("Response time from the intended start, answers and timeouts")
        .register(registry);
    gauge(registry, "harness.response.last", m -> m.p50, "quantile", "0.5");
    gauge(registry, "harness.response.last", m -> m.p99, "quantile", "0.99");
    gauge(registry, "harness.response.last", m -> m.max, "quantile", "1.0");
    gauge(registry, "harness.rate.offered", m -> m.offered);
    gauge(registry, "harness.rate.achieved", m -> m.achieved);
    gauge(registry, "harness.inflight", m -> m.inFlight);
    gauge(registry, "harness.waiting", m -> m.waiting);
    gauge(registry, "harness.generator.timer.lateness", m -> m.latenessP99, "quantile", "0.99");
    gauge(registry, "harness.generator.timer.lateness", m -> m.latenessMax, "quantile", "1.0");
    gauge(registry, "harness.generator.busy", m -> m.busiest);
    gauge(registry, "harness.generator.behind", m -> m.behind);
    gauge(registry, "harness.process.cpu", m -> m.cpu);
    gauge(registry, "harness.probe.up", m -> m.probeUp);
    gauge(registry, "harness.probe.latency", m -> m.probeLatency);
    FunctionCounter.builder("harness.probe.polls", totals, a -> a.get(PROBES_OK))
        .tag("result", "ok")
        .register(registry);
    FunctionCounter.builder("harness.probe.polls", totals, a -> a.get(PROBES_FAILED))
        .tag("result", "failed")
        .register(registry);
  }

  private void counter(MeterRegistry registry, String name, int slot, String description) {
    FunctionCounter.builder(name, totals, a -> a.get(slot))
        .description(description)
        .register(registry);
  }

  private void gauge(
      MeterRegistry registry, String name, ToDoubleFunction<LiveMetrics> f, String... tags) {
    Gauge.builder(name, this, f).tags(tags).register(registry);
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
    timedSumNanos += n == 0 ? 0 : response.getMean() * n;
    totals.lazySet(TIMED, totals.get(TIMED) + n);
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
