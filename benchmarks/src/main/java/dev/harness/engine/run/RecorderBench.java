package dev.harness.engine.run;

import dev.harness.engine.result.Outcome;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency recording in {@link PhaseRecorder}: what a worker pays per answer ({@link #recordAnswer}:
 * response and service time into two single-writer HdrHistograms and an outcome counter) and per
 * arrival ({@link #recordDispatch}), and what the sampler pays once a second per recorder for the
 * interval swap ({@link #intervalSwap}). {@link #contended} records while another thread swaps
 * every millisecond (a thousand times more often than a run does): its {@code writer} figure next
 * to {@link #recordAnswer} shows whether the recorders contend.
 *
 * <p>Latencies are drawn once from a log-uniform spread of 20 us to 20 ms, so the histograms'
 * buckets are touched as in a run, not one hot bucket.
 *
 * <p>Run: {@code bench/jmh.sh RecorderBench}, or {@code java -jar benchmarks/target/benchmarks.jar
 * RecorderBench -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecorderBench {
  private static final int VALUES = 4096;

  static long[] latencies(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] v = new long[VALUES];
    for (int i = 0; i < VALUES; i++) {
      v[i] = (long) (20_000 * Math.pow(1000, r.nextDouble()));
    }
    return v;
  }

  /** One worker's recorder, written by the benchmark thread. */
  @State(Scope.Thread)
  public static class Writer {
    final PhaseRecorder recorder = new PhaseRecorder();
    final long[] response = latencies(1);
    final long[] service = latencies(2);
    int i;
  }

  /** A recorder whose histograms have grown as in a run with answers up to a 5 s timeout. */
  @State(Scope.Thread)
  public static class Sampled {
    final PhaseRecorder recorder = new PhaseRecorder();

    @Setup
    public void setUp() {
      for (int i = 0; i < 2; i++) {
        recorder.recordAnswer(Outcome.S2XX, 5_000_000_000L, 5_000_000_000L);
        recorder.recordDispatch(5_000_000_000L, true);
        recorder.intervalResponse();
        recorder.intervalService();
        recorder.intervalLag();
      }
    }
  }

  /** Shared by the writer and the swapping reader of {@link #contended}. */
  @State(Scope.Group)
  public static class Shared {
    final PhaseRecorder recorder = new PhaseRecorder();
    final long[] response = latencies(1);
    final long[] service = latencies(2);
  }

  @State(Scope.Thread)
  public static class Cursor {
    int i;
  }

  @Benchmark
  public void recordAnswer(Writer w) {
    int i = w.i = (w.i + 1) & (VALUES - 1);
    w.recorder.recordAnswer(Outcome.S2XX, w.response[i], w.service[i]);
  }

  @Benchmark
  public void recordDispatch(Writer w) {
    int i = w.i = (w.i + 1) & (VALUES - 1);
    long lag = w.service[i] >> 6; // lags of 0.3 us to 0.3 ms
    w.recorder.recordDispatch(lag, lag > 16_000_000);
  }

  /** The sampler's once-a-second work for one recorder: three interval histograms swapped out. */
  @Benchmark
  public long intervalSwap(Sampled s) {
    Histogram r = s.recorder.intervalResponse();
    Histogram v = s.recorder.intervalService();
    Histogram l = s.recorder.intervalLag();
    return r.getTotalCount() + v.getTotalCount() + l.getTotalCount();
  }

  @Benchmark
  @Group("contended")
  @GroupThreads(1)
  public void writer(Shared s, Cursor c) {
    int i = c.i = (c.i + 1) & (VALUES - 1);
    s.recorder.recordAnswer(Outcome.S2XX, s.response[i], s.service[i]);
  }

  @Benchmark
  @Group("contended")
  @GroupThreads(1)
  public long reader(Shared s) {
    LockSupport.parkNanos(1_000_000);
    return s.recorder.intervalResponse().getTotalCount()
        + s.recorder.intervalService().getTotalCount();
  }
}
