package dev.harness.engine.run;

import dev.harness.engine.judge.Ending;
import dev.harness.engine.judge.Judge;
import dev.harness.engine.judge.Measurements;
import dev.harness.engine.judge.Rules;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.Protocol;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.net.Transport;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.PhaseResult;
import dev.harness.engine.result.ProbeResult;
import dev.harness.engine.result.RequestResult;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.WebSocketStats;
import dev.harness.engine.scrape.TargetScraper;
import dev.harness.engine.tls.ClientTls;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Runs one load test: opens the connections, starts every worker on a common time zero, samples the
 * time series once a second, and builds the judged {@link RunResult}.
 *
 * <pre>{@code
 * LoadRun run = new LoadRun(spec, RunListener.NONE, graceNanos);
 * // another thread (a signal handler) may call run.stop()
 * RunResult result = run.execute();
 * }</pre>
 *
 * <p>Thread contract: {@link #execute} is called once, on one thread; {@link #stop} may be called
 * from any thread, any number of times.
 */
public final class LoadRun {
  /** Time between the last connection opening and time zero, so every worker starts on time. */
  private static final long START_LEAD_NANOS = 20_000_000L;

  private final RunSpec spec;
  private final RunListener listener;
  private final long graceNanos;
  private final Object lock = new Object();
  private List<Worker> workers = List.of();
  private boolean started;
  private volatile long stopAt;

  /** Why arrivals ended before the schedule did, when the scenario (not a signal) ended them. */
  private volatile String endedEarly;

  private Supervision supervision = Supervision.STANDARD;
  private TargetScraper scraper = TargetScraper.of(null);

  /** Where each request is logged, or null. */
  private RequestLog requestLog;

  /** The generator's own failure, which ends the run (out of memory, out of file descriptors). */
  private final GeneratorFailure failure = new GeneratorFailure(this::generatorFailed);

  public LoadRun(RunSpec spec, RunListener listener, long graceNanos) {
    this.spec = spec;
    this.listener = listener;
    this.graceNanos = graceNanos;
  }

  /** Logs every request of this run into {@code log} (null: none). Call before {@link #execute}. */
  public LoadRun requestLog(RequestLog log) {
    this.requestLog = log;
    return this;
  }

  /** How often the recorders are sampled: each second; the JIT warm-up's stub runs, more often. */
  private long sampleNanos = 1_000_000_000L;

  /**
   * The JIT warm-up only: samples every {@code nanos}, so the recorders' interval flips, which a
   * real run makes once a second, are part of the profile the compilers see before time zero.
   */
  LoadRun sampleEvery(long nanos) {
    this.sampleNanos = nanos;
    return this;
  }

  /** Tests only: what each worker's pacing loop runs under, instead of the standard. */
  LoadRun supervised(Supervision s) {
    this.supervision = s;
    return this;
  }

  /**
   * Ends arrivals now; in-flight requests get the grace period, then the partial result is built.
   */
  public void stop() {
    synchronized (lock) {
      if (stopAt != 0) {
        return;
      }
      stopAt = System.nanoTime();
      if (started) {
        workers.forEach(w -> w.stop(graceNanos));
      }
    }
  }

  /**
   * Runs the load test to its end (or until {@link #stop}) and judges it as a plain run.
   *
   * @throws TargetUnreachableException when not one connection to the target could be opened
   */
  public RunResult execute() throws TargetUnreachableException, InterruptedException {
    Measured m = measure();
    return m.judged(spec, Judge.judge(Rules.plain(spec), m.measurements()));
  }

  /**
   * Runs the load test to its end (or until {@link #stop}), for a caller that judges it itself.
   *
   * @throws TargetUnreachableException when not one connection to the target could be opened
   */
  public Measured measure() throws TargetUnreachableException, InterruptedException {
    InetSocketAddress address = new InetSocketAddress(spec.target().host(), spec.target().port());
    if (address.isUnresolved()) {
      throw new TargetUnreachableException("cannot resolve host '" + spec.target().host() + "'");
    }
    // Made once per run: a bad CA or key file fails here (exit 2), and workers share its sessions.
    ClientTls tls =
        !spec.target().https()
            ? null
            : ClientTls.of(
                spec.protocol() == Protocol.H2
                    ? spec.tls().withAlpn(List.of("h2", "http/1.1"))
                    : spec.tls());
    DescriptorBudget.check(spec.connections());
    StartGate.approach(spec.shard(), () -> stopAt != 0);
    FlowPlan[] flows = FlowPlan.all(spec);
    byte[] primer = FlowPlan.primer(flows, spec);
    int n = spec.workers();
    int phases = spec.phases().size();
    List<String> names = spec.names();
    PhaseRecorder[][][] recorders = new PhaseRecorder[n][phases][names.size()];
    LoopMonitor[] monitors = new LoopMonitor[n];
    HealthProbe probe =
        spec.probe() == null ? null : new HealthProbe(spec.probe(), spec.phases(), listener);
    ArrivalLimit limit =
        ArrivalLimit.of(spec, () -> endEarly("all " + spec.arrivalLimit() + " arrivals were sent"));
    scraper = TargetScraper.of(spec.targetMetrics());
    MultiThreadIoEventLoopGroup group =
        Transport.newGroup(n, new DefaultThreadFactory("harness-worker", true));
    List<Worker> all = new ArrayList<>(n);
    try {
      for (int w = 0; w < n; w++) {
        for (int p = 0; p < phases; p++) {
          for (int k = 0; k < names.size(); k++) {
            recorders[w][p][k] = new PhaseRecorder();
          }
        }
        monitors[w] = new LoopMonitor();
        all.add(
            new Worker(
                w,
                group.next(),
                spec,
                flows,
                primer,
                address,
                recorders[w],
                monitors[w],
                () -> endEarly("feeder " + FlowPlan.feederSources(flows) + " ran out of rows"),
                supervision.reporting(failure),
                tls,
                limit == null ? null : limit.share(w, spec.phases()),
                requestLog == null ? null : requestLog.ring(w)));
      }
      connectAll(all);
      prime(all);

      long length = spec.durationNanos();
      StartGate.Start zero = StartGate.open(spec.shard(), START_LEAD_NANOS, () -> stopAt != 0);
      long start = zero.nanos();
      Instant startedAt = zero.at();
      synchronized (lock) {
        workers = all;
        all.forEach(w -> w.begin(start, length));
        listener.onStart(start, startedAt);
        started = true;
        if (stopAt != 0) {
          all.forEach(w -> w.stop(graceNanos));
        }
      }
      if (probe != null) {
        probe.start(start);
      }
      scraper.start(start);
      Sampler sampler = new Sampler(recorders, names, start, listener);
      HealthSampler health =
          new HealthSampler(recorders, monitors, measuredPhases(), start, listener);
      SpareSplit split = new SpareSplit(sampler, measuredPhases(), names.size());
      sampler.split(split);
      CompletableFuture<Void> done =
          CompletableFuture.allOf(all.stream().map(Worker::done).toArray(CompletableFuture[]::new));
      long second = 1;
      while (!done.isDone()) {
        long boundary = start + second * sampleNanos;
        long now = System.nanoTime();
        if (now >= boundary) {
          sampler.sample(now);
          split.close(health.sample(now));
          listener.onCheckpoint(
              () -> checkpoint(sampler, health, probe, names, startedAt, start, length, now));
          second++;
          abandonStoppedLoops(all);
        } else {
          waitFor(done, boundary - now);
        }
      }
      long end = System.nanoTime();
      int before = sampler.sampled();
      sampler.sampleLast(end);
      if (sampler.sampled() > before) {
        split.close(health.sample(end));
      }
      if (probe != null) {
        probe.stop();
      }
      scraper.stop();
      ProbeResult timeline = probe == null ? null : probe.result();
      long stopOffset = stopAt == 0 ? length : Math.min(length, Math.max(0, stopAt - start));
      Ending ending =
          failure.reason() != null
              ? Ending.failed(stopOffset, length, failure.reason())
              : stopAt == 0
                  ? Ending.completed(length)
                  : endedEarly == null
                      ? Ending.interrupted(stopOffset, length)
                      : Ending.early(stopOffset, length, endedEarly);
      Measured m =
          measured(sampler, health, timeline, names, startedAt, length, stopOffset, ending, all)
              .withSpare(split.result(names));
      return m.withConnections(
          ConnectionMeter.total(all.stream().map(Worker::connectionMeter).toList(), tls));
    } finally {
      if (probe != null) {
        probe.stop();
      }
      scraper.stop();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      all.forEach(Worker::releaseBuffers);
    }
  }

  /**
   * A worker whose event loop stopped under it (an Error escaped the loop) would never finish: the
   * generator failed, the run ends, and the worker is given up on so the run can be built.
   */
  private void abandonStoppedLoops(List<Worker> all) {
    for (Worker w : all) {
      if (w.loopStopped()) {
        failure.report("the generator's " + w + " event loop stopped (an error escaped it)");
        w.abandon();
      }
    }
  }

  /**
   * Ends arrivals before the schedule's end because the scenario has nothing more to send (a feeder
   * that does not wrap ran out of rows, the arrival limit was sent). Unlike {@link #stop}, the run
   * is still judged.
   */
  private void endEarly(String why) {
    synchronized (lock) {
      if (stopAt != 0) {
        return;
      }
      endedEarly = why;
      stopAt = System.nanoTime();
      if (started) {
        workers.forEach(w -> w.stop(spec.timeoutNanos()));
      }
    }
  }

  /**
   * The generator cannot go on ({@link #failure}): arrivals end now, as on {@link #stop}, and the
   * judge calls the run invalid. A stop already asked for stays as it was.
   */
  private void generatorFailed() {
    synchronized (lock) {
      if (stopAt != 0) {
        return;
      }
      stopAt = System.nanoTime();
      if (started) {
        workers.forEach(w -> w.stop(graceNanos));
      }
    }
  }

  private static void waitFor(CompletableFuture<Void> done, long nanos)
      throws InterruptedException {
    try {
      done.get(nanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // the second is over: time to sample
    } catch (ExecutionException e) {
      throw new IllegalStateException("a worker failed", e.getCause());
    }
  }

  private void connectAll(List<Worker> all)
      throws TargetUnreachableException, InterruptedException {
    int opened = 0;
    for (CompletableFuture<Integer> f : all.stream().map(Worker::connectAll).toList()) {
      try {
        opened += f.get(spec.timeoutNanos() + 2_000_000_000L, TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // counted as not opened
      }
    }
    if (opened == 0 && failure.reason() == null) {
      String why =
          all.stream()
              .map(Worker::lastConnectError)
              .filter(s -> s != null)
              .findFirst()
              .orElse("no answer");
      throw new TargetUnreachableException(
          "cannot connect to " + spec.target().hostHeader() + ": " + why);
    }
    LockSupport.parkNanos(1_000_000L); // let the last channelActive events settle on the loops
  }

  /**
   * Primes every worker's connections; a target that does not answer in time is left to the run.
   */
  private void prime(List<Worker> all) throws InterruptedException {
    try {
      CompletableFuture.allOf(all.stream().map(Worker::prime).toArray(CompletableFuture[]::new))
          .get(spec.timeoutNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // the run itself will count what this target does
    }
  }

  private boolean[] measuredPhases() {
    boolean[] measured = new boolean[spec.phases().size()];
    for (int p = 0; p < measured.length; p++) {
      measured[p] = !spec.phases().get(p).warmup();
    }
    return measured;
  }

  /**
   * Everything measured up to {@code nowNanos}, as a run stopped then: a checkpoint. Only the
   * sampler's and the probe's figures; what the workers' loops own is read at the end.
   */
  private Measured checkpoint(
      Sampler s,
      HealthSampler health,
      HealthProbe probe,
      List<String> names,
      Instant startedAt,
      long start,
      long length,
      long nowNanos) {
    long cut = Math.min(length, Math.max(0, nowNanos - start));
    ProbeResult timeline = probe == null ? null : probe.result();
    return measured(
        s,
        health,
        timeline,
        names,
        startedAt,
        length,
        cut,
        Ending.interrupted(cut, length),
        List.of());
  }

  /**
   * The run as measured by the end of arrivals at {@code stopOffset}; {@code all} the workers whose
   * restarts, failed checks and error reasons go in (none for a checkpoint).
   */
  private Measured measured(
      Sampler s,
      HealthSampler health,
      ProbeResult probe,
      List<String> names,
      Instant startedAt,
      long length,
      long stopOffset,
      Ending ending,
      List<Worker> all) {
    List<PhaseResult> phaseResults = new ArrayList<>();
    Stats measured = null;
    Stats[] measuredByName = new Stats[names.size()];
    Histogram lag = new Histogram(3);
    long late = 0;
    long arrivals = 0;
    long phaseStart = 0;
    for (int p = 0; p < spec.phases().size(); p++) {
      Phase phase = spec.phases().get(p);
      long ran = Math.min(phase.durationNanos(), Math.max(0, stopOffset - phaseStart));
      phaseStart += phase.durationNanos();
      long scheduled = s.counterSum(PhaseRecorder.SCHEDULED, p, -1);
      if (ran == 0 && scheduled == 0) {
        continue; // never reached before the run was stopped
      }
      Stats stats = s.stats(p, -1, ran);
      double offered =
          spec.model() == LoadModel.OPEN ? phase.rate().meanRate(phase.durationNanos()) : 0;
      phaseResults.add(new PhaseResult(phase.name(), phase.warmup(), offered, stats));
      if (!phase.warmup()) {
        measured = measured == null ? stats : measured.plus(stats);
        for (int n = 0; n < names.size(); n++) {
          Stats one = s.stats(p, n, ran);
          measuredByName[n] = measuredByName[n] == null ? one : measuredByName[n].plus(one);
        }
        lag.add(s.phaseLag[p]);
        late += s.counterSum(PhaseRecorder.LATE, p, -1);
        arrivals += scheduled;
      }
    }
    List<RequestResult> requests = new ArrayList<>();
    for (int n = 0; n < names.size(); n++) {
      Stats one = measuredByName[n] == null ? Stats.empty() : measuredByName[n];
      requests.add(new RequestResult(names.get(n), one));
    }
    if (measured == null) {
      measured = Stats.empty();
    }
    WorkerTotals totals = WorkerTotals.of(all);
    GeneratorHealth generator =
        health.health(spec.workers(), lag, late, arrivals, totals.restarts());
    Measurements m =
        Measurements.of(measured, s.intervals(), generator, probe, totals.connectError(), ending)
            .withRequests(requests)
            .withTarget(scraper.result());
    WebSocketStats ws =
        all.stream()
            .map(Worker::websocket)
            .filter(w -> w != null)
            .reduce(WebSocketStats::plus)
            .orElse(null);
    return new Measured(
        startedAt,
        phaseResults,
        requests,
        m,
        null,
        totals.checkFailures(),
        totals.reasons(),
        totals.http2(),
        ws);
  }
}
