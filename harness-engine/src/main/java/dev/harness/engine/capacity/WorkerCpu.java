package dev.harness.engine.capacity;

import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.run.RunListener;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * How busy the generator's event loops were during a step, from the CPU time of their threads,
 * sampled once a second as the run's time series comes in.
 *
 * <p>Why: the engine judges the generator by dispatch lag alone. When every connection is busy,
 * arrivals are queued on time even while the worker threads run flat out reading and writing, and
 * the latency then includes the generator's own backlog. A step that fails with its workers busy
 * nearly all the time cannot be blamed on the target ({@link
 * dev.harness.engine.judge.Judge#SATURATED_BUSY}).
 *
 * <p>Relies on the engine naming its worker threads {@code harness-worker-*}, and counts every such
 * thread in the JVM: one run at a time. CPU time counts only while a thread runs, so a worker that
 * waits for a core another process holds looks idle here; dispatch lag catches that case. Thread
 * contract: {@link #onInterval} runs on the run's sampler thread; read {@link #busy} after the run.
 */
final class WorkerCpu implements RunListener {
  private static final String WORKER_THREADS = "harness-worker";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final boolean supported;
  private final List<long[]> samples = new ArrayList<>(); // {offset from run start, cpu nanos}

  WorkerCpu() {
    boolean ok;
    try {
      ok = threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
    } catch (UnsupportedOperationException e) {
      ok = false;
    }
    supported = ok;
  }

  @Override
  public void onInterval(IntervalStats stats, Histogram response, Map<String, Histogram> byName) {
    if (supported) {
      samples.add(new long[] {stats.endNanos(), workerCpuNanos()});
    }
  }

  private long workerCpuNanos() {
    long sum = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(WORKER_THREADS)) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        sum += Math.max(0, cpu);
      }
    }
    return sum;
  }

  /**
   * Share of one core per worker the workers used over the whole seconds sampled within {@code
   * [fromNanos, toNanos]} of the run, or NaN when less than half a second was sampled (or the JVM
   * cannot tell).
   */
  double busy(long fromNanos, long toNanos, int workers) {
    long slack = 100_000_000L; // a sample is taken a little after its second ends
    long[] first = null;
    long[] last = null;
    for (long[] s : samples) {
      if (s[0] >= fromNanos - slack && s[0] <= toNanos + slack) {
        if (first == null) {
          first = s;
        }
        last = s;
      }
    }
    if (first == null || last[0] - first[0] < 500_000_000L) {
      return Double.NaN;
    }
    return (double) (last[1] - first[1]) / ((last[0] - first[0]) * (double) workers);
  }
}
