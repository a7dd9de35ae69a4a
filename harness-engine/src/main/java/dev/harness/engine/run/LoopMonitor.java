package dev.harness.engine.run;

import dev.harness.engine.result.GeneratorHealth;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * How one worker's event loop keeps time: the lateness of each timer wake-up against the time it
 * was armed for, the long ticks among its heartbeats, and a few figures the worker publishes on
 * each heartbeat (arrivals waiting for a connection, requests in flight, how far behind its
 * schedule it is).
 *
 * <p>Thread contract: exactly one writer, the worker's event loop, calls {@link #recordWake},
 * {@link #recordHeartbeat} and {@link #publish}; one reader, the run's sampler thread, calls the
 * other methods. Like {@link PhaseRecorder}, counters are single-writer longs published with
 * ordered writes: the writer never contends, the reader sees each value whole.
 *
 * <pre>{@code
 * // on the worker's loop, when a timer fires that was armed for armedAt:
 * monitor.recordWake(System.nanoTime() - armedAt);
 * // on the sampler, once a second:
 * Histogram lateness = monitor.intervalLateness();
 * }</pre>
 */
final class LoopMonitor {
  static final int HEARTBEATS = 0;
  static final int LONG_TICKS = 1;
  static final int WAITING = 2;
  static final int IN_FLIGHT = 3;
  static final int BEHIND_NANOS = 4;
  private static final int SLOTS = 5;

  private final SingleWriterRecorder lateness = new SingleWriterRecorder(3);
  private final AtomicLongArray values = new AtomicLongArray(SLOTS);
  private volatile Thread thread;
  private volatile Path schedstat;
  private volatile long busyAtStart = -1;
  private Histogram last;

  /** A timer (the pacing timer or the heartbeat) fired {@code latenessNanos} after its time. */
  void recordWake(long latenessNanos) {
    lateness.recordValue(Math.max(0, latenessNanos));
  }

  /**
   * A heartbeat fired {@code latenessNanos} late: one tick of the loop observed; a long one when
   * the loop (or its thread) was held longer than {@link GeneratorHealth#LONG_TICK_NANOS}.
   */
  void recordHeartbeat(long latenessNanos) {
    recordWake(latenessNanos);
    values.lazySet(HEARTBEATS, values.get(HEARTBEATS) + 1);
    if (latenessNanos > GeneratorHealth.LONG_TICK_NANOS) {
      values.lazySet(LONG_TICKS, values.get(LONG_TICKS) + 1);
    }
  }

  /** The worker's state as of now; called on each heartbeat. */
  void publish(int waiting, int inFlight, long behindNanos) {
    values.lazySet(WAITING, waiting);
    values.lazySet(IN_FLIGHT, inFlight);
    values.lazySet(BEHIND_NANOS, Math.max(0, behindNanos));
  }

  /**
   * The worker's thread, whose scheduler figures tell whether it had time to spare; called on the
   * thread itself. On Linux, {@code /proc/thread-self} names the thread's task, whose {@code
   * schedstat} holds its time on a CPU and waiting for one.
   */
  void thread(Thread t) {
    thread = t;
    try {
      Path task = Files.readSymbolicLink(Path.of("/proc/thread-self"));
      schedstat = Path.of("/proc/self/task", task.getFileName().toString(), "schedstat");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      schedstat = null; // not Linux: the sampler falls back to the thread's CPU time
    }
    busyAtStart = busyNanos();
  }

  /** {@link #busyNanos} when the run began, or -1 before. */
  long busyAtStart() {
    return busyAtStart;
  }

  /**
   * Time the worker's thread has been running or runnable (waiting for a CPU), ns: from {@code
   * /proc} on Linux, where a starved thread shows as waiting; elsewhere its CPU time. -1 before the
   * run began. Any thread may call it.
   */
  long busyNanos() {
    Path stat = schedstat;
    if (stat != null) {
      try {
        String[] f = Files.readString(stat).trim().split(" ");
        return Long.parseLong(f[0]) + Long.parseLong(f[1]);
      } catch (IOException | RuntimeException e) {
        // the thread ended, or the file is not what Linux writes: fall back to the CPU time
      }
    }
    Thread t = thread;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (t == null || !threads.isThreadCpuTimeSupported()) {
      return -1;
    }
    return threads.getThreadCpuTime(t.getId());
  }

  /** The worker's thread, or null before the run began. */
  Thread thread() {
    return thread;
  }

  /** The thread's {@code /proc} schedstat file, or null where there is none. */
  Path schedstat() {
    return schedstat;
  }

  long value(int slot) {
    return values.get(slot);
  }

  /** Timer lateness since the previous call, ns; valid until the next call. */
  Histogram intervalLateness() {
    return last = lateness.getIntervalHistogram(last);
  }
}
