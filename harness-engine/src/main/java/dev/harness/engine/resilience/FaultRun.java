package dev.harness.engine.resilience;

import dev.harness.engine.judge.Judge;
import dev.harness.engine.judge.Rules;
import dev.harness.engine.model.Fault;
import dev.harness.engine.model.FaultWindow;
import dev.harness.engine.model.Flow;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.ResilienceSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Step;
import dev.harness.engine.model.Target;
import dev.harness.engine.proxy.FaultProxy;
import dev.harness.engine.proxy.ProxyConfig;
import dev.harness.engine.result.GeneratorSecond;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.ProbeResult;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.run.LoadRun;
import dev.harness.engine.run.Measured;
import dev.harness.engine.run.RequestLog;
import dev.harness.engine.run.RunListener;
import dev.harness.engine.run.TargetUnreachableException;
import dev.harness.engine.time.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Runs a {@link RunSpec} with its resilience part: when it has a fault timeline, starts the fault
 * proxy in-process in front of the target, sends the load through it and switches the faults on
 * schedule; stops early on an abort condition; then has the run judged as a drill, which adds every
 * second against the SLO, availability, each fault's impact and recovery to the result. Without a
 * resilience part it is a plain {@link LoadRun}.
 *
 * <pre>{@code
 * FaultRun run = new FaultRun(spec, listener, graceNanos);
 * // another thread (a signal handler) may call run.stop()
 * RunResult result = run.execute();
 * }</pre>
 *
 * <p>Thread contract: as {@link LoadRun}: {@link #execute} once, on one thread; {@link #stop} from
 * any thread, any number of times.
 */
public final class FaultRun {
  private final RunSpec spec;
  private final RunListener listener;
  private final long graceNanos;
  private LoadRun run;
  private boolean stopped;
  private RequestLog requestLog;

  public FaultRun(RunSpec spec, RunListener listener, long graceNanos) {
    this.spec = spec;
    this.listener = listener;
    this.graceNanos = graceNanos;
  }

  /** Logs every request into {@code log}, as {@link LoadRun#requestLog}. Call before execute. */
  public FaultRun requestLog(RequestLog log) {
    this.requestLog = log;
    return this;
  }

  /** Ends arrivals now, as {@link LoadRun#stop}. */
  public void stop() {
    LoadRun r;
    synchronized (this) {
      stopped = true;
      r = run;
    }
    if (r != null) {
      r.stop();
    }
  }

  /**
   * Runs the load test, with faults and resilience figures when the spec asks for them.
   *
   * @throws TargetUnreachableException when not one connection could be opened
   */
  public RunResult execute() throws TargetUnreachableException, InterruptedException {
    ResilienceSpec rs = spec.resilience();
    if (rs.isEmpty() && spec.criteria().stream().noneMatch(c -> c.isResilience())) {
      LoadRun plain = start(spec, listener);
      return plain.execute();
    }
    List<FaultWindow> windows = rs.faults();
    FaultProxy proxy = null;
    FaultTimer timer = null;
    RunSpec through = spec;
    if (!windows.isEmpty()) {
      Target t = spec.target();
      if (t.https()) {
        throw new InvalidInputException(
            "faults do not apply to https:// targets yet: the fault proxy speaks plain HTTP");
      }
      // HTTP-aware only where a fault needs it: a byte relay costs less and makes less garbage in
      // the generator's own JVM.
      boolean http = windows.stream().anyMatch(w -> w.fault().kind() == Fault.Kind.STATUS);
      proxy = FaultProxy.start(ProxyConfig.to(t.host(), t.port()).toBuilder().http(http).build());
      through = viaProxy(spec, proxy);
      timer = new FaultTimer(proxy, windows);
    }
    WindowRecorder recorder = new WindowRecorder(windows);
    AbortTrigger abort = new AbortTrigger(rs.abortOn(), spec.warmupNanos(), this::stop);
    SloWindows sloWindows = new SloWindows(rs.slo(), spec.warmupNanos());
    List<RunListener> all = new ArrayList<>(List.of(listener, recorder, abort, sloWindows));
    if (timer != null) {
      all.add(timer);
    }
    try {
      Measured m = start(through, new Fanout(all)).measure();
      // Judged as the run asked for: its own target, not the proxy's.
      return m.judged(
          spec,
          Judge.judge(
              Rules.drill(spec),
              m.measurements()
                  .withFaults(recorder.histograms(), abort.fired())
                  .withSloWindows(sloWindows.series())));
    } finally {
      if (timer != null) {
        timer.cancel();
      }
      if (proxy != null) {
        proxy.close();
      }
    }
  }

  private LoadRun start(RunSpec s, RunListener l) {
    LoadRun r = new LoadRun(s, l, graceNanos).requestLog(requestLog);
    boolean stopNow;
    synchronized (this) {
      run = r;
      stopNow = stopped;
    }
    if (stopNow) {
      r.stop();
    }
    return r;
  }

  /**
   * The same run aimed at the proxy. Requests keep the Host header of the real target, so a
   * virtual-hosted upstream answers as it would without the proxy.
   */
  static RunSpec viaProxy(RunSpec spec, FaultProxy proxy) {
    Target real = spec.target();
    List<Flow> flows = new ArrayList<>();
    for (Flow f : spec.flows()) {
      List<Step> steps = new ArrayList<>();
      for (Step st : f.steps()) {
        RequestSpec r = st.request();
        boolean hasHost =
            r.headers().stream().anyMatch(h -> h.name().toLowerCase(Locale.ROOT).equals("host"));
        List<RequestSpec.Header> headers = new ArrayList<>(r.headers());
        if (!hasHost) {
          headers.add(new RequestSpec.Header("Host", real.hostHeader()));
        }
        RequestSpec withHost = new RequestSpec(r.name(), r.method(), r.path(), headers, r.body());
        // Every part of the step kept (its statuses, a WebSocket step, a pause): only the Host
        // moves.
        steps.add(
            st.socket() != null
                ? st
                : new Step(
                    withHost,
                    st.templated(),
                    st.rawBody(),
                    st.checks(),
                    st.extracts(),
                    st.expect(),
                    null,
                    st.pauseNanos()));
      }
      flows.add(new Flow(f.name(), f.weight(), steps, f.feeder(), f.vars()));
    }
    Target viaProxy = new Target(proxy.address().host(), proxy.port(), real.path());
    // The probe stays: it polls the real target by its own URL, not through the proxy.
    return spec.toBuilder().target(viaProxy).flows(flows).build();
  }

  /** Hands every event to several listeners, in order. */
  private record Fanout(List<RunListener> listeners) implements RunListener {
    @Override
    public void onStart(long startNanos) {
      listeners.forEach(l -> l.onStart(startNanos));
    }

    @Override
    public void onStart(long startNanos, Instant startedAt) {
      listeners.forEach(l -> l.onStart(startNanos, startedAt));
    }

    @Override
    public void onCheckpoint(Supplier<Measured> partial) {
      listeners.forEach(l -> l.onCheckpoint(partial));
    }

    @Override
    public void onInterval(
        IntervalStats stats, Histogram response, Map<String, Histogram> responseByName) {
      listeners.forEach(l -> l.onInterval(stats, response, responseByName));
    }

    @Override
    public void onNameOutcomes(Map<String, OutcomeCounts> outcomesByName) {
      listeners.forEach(l -> l.onNameOutcomes(outcomesByName));
    }

    @Override
    public void onGenerator(GeneratorSecond second) {
      listeners.forEach(l -> l.onGenerator(second));
    }

    @Override
    public void onProbe(ProbeResult.Poll poll) {
      listeners.forEach(l -> l.onProbe(poll));
    }
  }
}
