package dev.harness.engine.result;

import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * How well the generator itself kept up, and whether it held its schedule well enough for the run's
 * numbers to describe the target.
 *
 * <p>Dispatch lag is the time from an arrival's intended start to the moment its worker handled it
 * (sent it, or queued it for a busy connection): lag there is the generator's own, never the
 * target's. Timer lateness is how late each timer wake-up of a worker's event loop fired against
 * the time it was armed for; a heartbeat fires every {@link #HEARTBEAT_NANOS} on each loop, and one
 * that fires more than {@link #LONG_TICK_NANOS} late is a long tick: the loop, or its thread, was
 * held that long.
 *
 * <p>The verdict rule (docs/generator-health.md): a measured second is <em>behind</em> when more
 * than {@link #BEHIND_LATE_SHARE} of its arrivals were handled over {@link #LATE_NANOS} late, or a
 * worker was saturated with a backlog that did not shrink ({@link GeneratorSecond#saturated}). The
 * generator held its schedule unless more than {@link #MAX_BEHIND_SHARE} of the measured seconds
 * were behind. A short stall of the whole machine makes one second partly late, not a tenth of a
 * run; a generator that cannot keep up is behind in nearly every second.
 *
 * @param workers event loops used
 * @param dispatchLag lag of every measured arrival, ns
 * @param lateArrivals measured arrivals handled more than {@link #LATE_NANOS} after their intended
 *     start
 * @param arrivals measured arrivals handled
 * @param timerLateness lateness of every timer wake-up of the workers over the run, ns
 * @param ticks heartbeats of the workers' loops over the run
 * @param longTicks heartbeats that fired more than {@link #LONG_TICK_NANOS} late
 * @param queuedBehind measured arrivals that waited for a connection while their worker was
 *     saturated: waiting for the generator
 * @param queuedForConnection measured arrivals that waited for a connection while their worker had
 *     time to spare: all its connections were busy (the connection limit, a slow target)
 * @param processCpu share (0 to 1) of the machine's CPUs the process used over the run
 * @param cores processors the JVM saw
 * @param gcPauseNanos time spent in stop-the-world collections over the run
 * @param gcPauses stop-the-world collections over the run
 * @param seconds the per-second health, over the whole run
 */
public record GeneratorHealth(
    int workers,
    Histogram dispatchLag,
    long lateArrivals,
    long arrivals,
    Histogram timerLateness,
    long ticks,
    long longTicks,
    long queuedBehind,
    long queuedForConnection,
    double processCpu,
    int cores,
    long gcPauseNanos,
    long gcPauses,
    List<GeneratorSecond> seconds,
    List<WorkerRestart> restarts) {

  /** Whether a worker failed more often than it may be restarted and stopped sending. */
  public boolean workerGaveUp() {
    return restarts.stream().anyMatch(WorkerRestart::gaveUp);
  }

  /** An arrival handled later than this (one 60 Hz frame, the checklists' long tick) is late. */
  public static final long LATE_NANOS = 16_000_000L;

  /** A heartbeat later than this is a long tick of the loop. */
  public static final long LONG_TICK_NANOS = 16_000_000L;

  /** Each worker's loop checks its own timing this often. */
  public static final long HEARTBEAT_NANOS = 10_000_000L;

  /** A second with more than this share of its arrivals late is behind. */
  public static final double BEHIND_LATE_SHARE = 0.5;

  /**
   * A worker whose thread ran or waited for a CPU at least this share of a second, without counting
   * its timing spin, had no time to spare: it is saturated.
   */
  public static final double SATURATED_BUSY = 0.9;

  /**
   * A worker whose thread ran or waited for a CPU at least this share of a second had no time to
   * spare in it ({@link #bound}): an event loop that busy makes everything it handles wait, as any
   * queue does when nearly full (waits grow as 1/(1 - busy)).
   */
  public static final double BOUND_BUSY = 0.8;

  /** The run is invalid when more than this share of its measured seconds were behind. */
  public static final double MAX_BEHIND_SHARE = 0.1;

  /** Long-tick ratio below which a loop is green (the checklists' bound). */
  public static final double GREEN_LONG_TICKS = 0.01;

  /** Long-tick ratio from which a loop is red. */
  public static final double RED_LONG_TICKS = 0.05;

  /** Health of the generator's event loops, as the checklists grade a service's event loop. */
  public enum Health {
    /** Long ticks under 1 % of the heartbeats and no second behind. */
    GREEN,
    /** The schedule held, but long ticks reached 1 %, or some second was behind. */
    YELLOW,
    /** Long ticks reached 5 %, or the schedule did not hold: the run is invalid. */
    RED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public GeneratorHealth {
    seconds = Snapshot.immutable(seconds);
    restarts = restarts == null ? List.of() : List.copyOf(restarts);
  }

  /** Figures of dispatch lag only, as results written before the loops were watched hold. */
  public GeneratorHealth(int workers, Histogram dispatchLag, long lateArrivals, long arrivals) {
    this(
        workers,
        dispatchLag,
        lateArrivals,
        arrivals,
        new Histogram(3),
        0,
        0,
        0,
        0,
        Double.NaN,
        0,
        0,
        0,
        List.of(),
        List.of());
  }

  /**
   * The warning when the workers outnumber the cores the JVM saw, one line; null when they do not,
   * or when the cores are unknown (0: results written before they were recorded). Workers that
   * share a core wait for it, so the generator may fall behind before the target does.
   */
  public static String coresWarning(int workers, int cores) {
    if (cores <= 0 || workers <= cores) {
      return null;
    }
    return workers
        + " workers on "
        + cores
        + " cores: workers share cores, so the generator may fall behind; use -t "
        + cores
        + " or fewer";
  }

  public double lateRatio() {
    return arrivals == 0 ? 0 : (double) lateArrivals / arrivals;
  }

  /** Long ticks as a share of heartbeats, 0 to 1. */
  public double longTickRatio() {
    return ticks == 0 ? 0 : (double) longTicks / ticks;
  }

  /** Seconds that count for the verdict: those with measured arrivals. */
  public long measuredSeconds() {
    return seconds.stream().filter(GeneratorSecond::measured).count();
  }

  /** Measured seconds in which the generator was behind its schedule. */
  public long behindSeconds() {
    return seconds.stream().filter(s -> s.measured() && s.behind()).count();
  }

  /** Behind seconds the verdict tolerates: a tenth of the measured seconds, rounded down. */
  public long allowedBehindSeconds() {
    return (long) Math.floor(MAX_BEHIND_SHARE * measuredSeconds());
  }

  /** Whether the generator held its schedule: at most a tenth of the measured seconds behind. */
  public boolean heldSchedule() {
    return behindSeconds() <= allowedBehindSeconds();
  }

  /** Green, yellow or red; red exactly when the schedule did not hold or long ticks reached 5 %. */
  public Health health() {
    if (!heldSchedule() || longTickRatio() >= RED_LONG_TICKS) {
      return Health.RED;
    }
    if (behindSeconds() > 0 || longTickRatio() >= GREEN_LONG_TICKS) {
      return Health.YELLOW;
    }
    return Health.GREEN;
  }

  /**
   * Whether the generator had no time to spare in second {@code s}: it was behind, or a worker's
   * thread ran or waited for a CPU at least {@link #BOUND_BUSY} of it, or arrivals still waited at
   * the end of the second before, which was bound itself (its backlog carries its delay into this
   * one). A response that completes in such a second may have waited for the generator.
   *
   * @param s the second
   * @param previous the second before, or null for the first
   * @param previousBound whether the second before was bound
   */
  public static boolean bound(GeneratorSecond s, GeneratorSecond previous, boolean previousBound) {
    return s.behind()
        || s.busiestWorker() >= BOUND_BUSY
        || (previousBound && previous != null && previous.waiting() > 0);
  }

  /** For each second of {@link #seconds}, whether the generator was {@link #bound} in it. */
  public boolean[] boundFlags() {
    boolean[] flags = new boolean[seconds.size()];
    for (int i = 0; i < flags.length; i++) {
      GeneratorSecond previous = i == 0 ? null : seconds.get(i - 1);
      flags[i] = bound(seconds.get(i), previous, i > 0 && flags[i - 1]);
    }
    return flags;
  }

  /** Measured seconds in which the generator was {@link #bound}: it had no time to spare. */
  public long boundSeconds() {
    boolean[] flags = boundFlags();
    long n = 0;
    for (int i = 0; i < flags.length; i++) {
      if (flags[i] && seconds.get(i).measured()) {
        n++;
      }
    }
    return n;
  }

  /**
   * Why the generator did not hold its schedule and what to do, one line; null when it held.
   *
   * @param rate the offered rate of the measured window, per second
   */
  public String invalidReason(double rate) {
    if (heldSchedule()) {
      return null;
    }
    long saturated = seconds.stream().filter(s -> s.measured() && s.saturated()).count();
    double lagP99 = dispatchLag.getTotalCount() == 0 ? 0 : dispatchLag.getValueAtPercentile(99);
    return String.format(
        Locale.ROOT,
        "the generator fell behind its schedule in %d of %d measured seconds (limit %d):"
            + " %.1f%% of arrivals handled over 16ms late, dispatch lag p99 %.1fms, %d seconds"
            + " with a saturated worker, %d long ticks; lower the rate (%.0f/s), keep workers (%d)"
            + " at or below the cores (%d), or split the load over more shards",
        behindSeconds(),
        measuredSeconds(),
        allowedBehindSeconds(),
        lateRatio() * 100,
        lagP99 / 1e6,
        saturated,
        longTicks,
        rate,
        workers,
        cores);
  }
}
