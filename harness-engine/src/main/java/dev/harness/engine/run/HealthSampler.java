package dev.harness.engine.run;

import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.GeneratorSecond;
import dev.harness.engine.result.GeneratorSeries;
import dev.harness.engine.result.WorkerRestart;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Once a second, judges whether the generator held its schedule in the second that ends: the
 * workers' late and queued arrivals, their loops' timer lateness and long ticks, how busy each
 * worker thread was, and the process's CPU and GC pauses from the JVM's MXBeans.
 *
 * <p>Thread contract: used by one thread only, the sampler; it reads the workers' {@link
 * PhaseRecorder}s and {@link LoopMonitor}s as their contracts allow.
 */
final class HealthSampler {
  private final PhaseRecorder[][][] recorders; // [worker][phase][name]
  private final LoopMonitor[] monitors;
  private final boolean[] measuredPhase;
  private final long runStart;
  private final RunListener listener;
  private final com.sun.management.OperatingSystemMXBean os = osBean();
  private final List<GarbageCollectorMXBean> pauses = pauseCollectors();
  private final int cores = Runtime.getRuntime().availableProcessors();

  private final long[][] previous; // [worker][slot]: SCHEDULED, LATE, QUEUED, QUEUED measured
  private final long[] previousMeasured; // [worker]: SCHEDULED of measured phases
  private final long[] previousBusy;
  private final long[] previousWaiting;
  private final long[] previousTicks;
  private final long[] previousLongTicks;
  private long previousSample;
  private long previousCpu;
  private long previousGcTime;
  private long previousGcCount;
  private final long firstCpu;
  private final long firstGcTime;
  private final long firstGcCount;

  private final Histogram lateness = new Histogram(3);
  private final Histogram second = new Histogram(3);
  private final GeneratorSeries seconds = new GeneratorSeries();
  private long ticks;
  private long longTicks;
  private long queuedBehind;
  private long queuedForConnection;

  HealthSampler(
      PhaseRecorder[][][] recorders,
      LoopMonitor[] monitors,
      boolean[] measuredPhase,
      long runStart,
      RunListener listener) {
    this.recorders = recorders;
    this.monitors = monitors;
    this.measuredPhase = measuredPhase;
    this.runStart = runStart;
    this.listener = listener;
    int n = monitors.length;
    previous = new long[n][4];
    previousMeasured = new long[n];
    previousBusy = new long[n];
    java.util.Arrays.fill(previousBusy, -1);
    previousWaiting = new long[n];
    previousTicks = new long[n];
    previousLongTicks = new long[n];
    previousSample = runStart;
    previousCpu = firstCpu = processCpu();
    previousGcTime = firstGcTime = gcTime();
    previousGcCount = firstGcCount = gcCount();
  }

  /** Judges the second that ends now ({@code nowNanos}), and returns it. */
  GeneratorSecond sample(long nowNanos) {
    long wall = Math.max(1, nowNanos - previousSample);
    long arrivals = 0;
    long late = 0;
    long queued = 0;
    long waiting = 0;
    long inFlight = 0;
    long secondTicks = 0;
    long secondLongTicks = 0;
    boolean measured = false;
    boolean saturated = false;
    double busiest = 0;
    second.reset();
    for (int w = 0; w < monitors.length; w++) {
      LoopMonitor m = monitors[w];
      long[] now = {
        sum(w, PhaseRecorder.SCHEDULED, false),
        sum(w, PhaseRecorder.LATE, false),
        sum(w, PhaseRecorder.QUEUED, false),
        sum(w, PhaseRecorder.QUEUED, true)
      };
      long measuredScheduled = sum(w, PhaseRecorder.SCHEDULED, true);
      arrivals += now[0] - previous[w][0];
      late += now[1] - previous[w][1];
      queued += now[2] - previous[w][2];
      long queuedMeasured = now[3] - previous[w][3];
      measured |= measuredScheduled > previousMeasured[w];
      previousMeasured[w] = measuredScheduled;
      previous[w] = now;

      long busy = m.busyNanos();
      if (previousBusy[w] < 0) {
        previousBusy[w] = m.busyAtStart();
      }
      double share = busy < 0 || previousBusy[w] < 0 ? 0 : (double) (busy - previousBusy[w]) / wall;
      previousBusy[w] = busy;
      busiest = Math.max(busiest, share);

      long waitingNow = m.value(LoopMonitor.WAITING);
      boolean full =
          share >= GeneratorHealth.SATURATED_BUSY
              && waitingNow > 0
              && waitingNow >= previousWaiting[w];
      previousWaiting[w] = waitingNow;
      saturated |= full;
      if (full) {
        queuedBehind += queuedMeasured;
      } else {
        queuedForConnection += queuedMeasured;
      }
      waiting += waitingNow;
      inFlight += m.value(LoopMonitor.IN_FLIGHT);

      long t = m.value(LoopMonitor.HEARTBEATS);
      long lt = m.value(LoopMonitor.LONG_TICKS);
      secondTicks += t - previousTicks[w];
      secondLongTicks += lt - previousLongTicks[w];
      previousTicks[w] = t;
      previousLongTicks[w] = lt;
      second.add(m.intervalLateness());
    }
    lateness.add(second);
    ticks += secondTicks;
    longTicks += secondLongTicks;

    long cpu = processCpu();
    long gcTime = gcTime();
    double cpuShare = cpu < 0 ? Double.NaN : (double) (cpu - previousCpu) / (wall * (double) cores);
    GeneratorSecond s =
        new GeneratorSecond(
            previousSample - runStart,
            nowNanos - runStart,
            measured,
            arrivals,
            late,
            queued,
            saturated,
            busiest,
            second.getTotalCount() == 0 ? 0 : second.getValueAtPercentile(99),
            second.getMaxValue(),
            secondTicks,
            secondLongTicks,
            waiting,
            inFlight,
            cpuShare,
            (gcTime - previousGcTime) * 1_000_000L);
    previousSample = nowNanos;
    previousCpu = cpu;
    previousGcTime = gcTime;
    seconds.add(s);
    listener.onGenerator(s);
    return s;
  }

  /** The whole run's health, with the dispatch-lag figures the phases recorded. */
  GeneratorHealth health(
      int workers, Histogram dispatchLag, long late, long arrivals, List<WorkerRestart> restarts) {
    long cpu = processCpu();
    double wall = Math.max(1, previousSample - runStart) * (double) cores;
    return new GeneratorHealth(
        workers,
        dispatchLag,
        late,
        arrivals,
        lateness.copy(),
        ticks,
        longTicks,
        queuedBehind,
        queuedForConnection,
        // Not one second sampled (a run the generator ended before it began): no share to tell.
        cpu < 0 || previousSample <= runStart ? Double.NaN : (cpu - firstCpu) / wall,
        cores,
        (gcTime() - firstGcTime) * 1_000_000L,
        gcCount() - firstGcCount,
        seconds.snapshot(),
        restarts);
  }

  /** Sum of one counter of worker {@code w} over its phases (measured ones only, or all). */
  private long sum(int w, int slot, boolean measuredOnly) {
    long sum = 0;
    PhaseRecorder[][] byPhase = recorders[w];
    for (int p = 0; p < byPhase.length; p++) {
      if (measuredOnly && !measuredPhase[p]) {
        continue;
      }
      for (PhaseRecorder r : byPhase[p]) {
        sum += r.counter(slot);
      }
    }
    return sum;
  }

  private long processCpu() {
    return os == null ? -1 : os.getProcessCpuTime();
  }

  private long gcTime() {
    long sum = 0;
    for (GarbageCollectorMXBean b : pauses) {
      sum += Math.max(0, b.getCollectionTime());
    }
    return sum;
  }

  private long gcCount() {
    long sum = 0;
    for (GarbageCollectorMXBean b : pauses) {
      sum += Math.max(0, b.getCollectionCount());
    }
    return sum;
  }

  private static com.sun.management.OperatingSystemMXBean osBean() {
    java.lang.management.OperatingSystemMXBean b = ManagementFactory.getOperatingSystemMXBean();
    return b instanceof com.sun.management.OperatingSystemMXBean s ? s : null;
  }

  /**
   * The collectors whose time is stop-the-world pauses: G1's and Parallel's young and old
   * collections, Serial's, ZGC's and Shenandoah's pause beans. Beans that time concurrent cycles
   * (their names say Concurrent or Cycles) are left out, as that work runs beside the application.
   */
  private static List<GarbageCollectorMXBean> pauseCollectors() {
    List<GarbageCollectorMXBean> list = new ArrayList<>();
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      String name = b.getName();
      if (!name.contains("Concurrent") && !name.contains("Cycles")) {
        list.add(b);
      }
    }
    return list;
  }
}
