package dev.harness.engine.run;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What watching the generator adds to a worker's path, next to what a worker already recorded per
 * arrival. Lives in the engine's package because the recorders are package-private: a worker owns
 * them, nothing outside the engine should.
 *
 * <p>Run: {@code mvn -B -q -DskipTests -pl benchmarks -am package && java -jar
 * benchmarks/target/benchmarks.jar SelfWatchBench}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SelfWatchBench {
  private final PhaseRecorder recorder = new PhaseRecorder();
  private final LoopMonitor monitor = new LoopMonitor();
  private long value = 1;

  private long next() {
    value = value * 6364136223846793005L + 1442695040888963407L;
    return (value >>> 44) & 0xFFFFF; // 0 to ~1 ms, as lags and latenesses are
  }

  /** Before: what every arrival already cost, its dispatch lag recorded. */
  @Benchmark
  public void dispatchRecorded() {
    recorder.recordDispatch(next(), false);
  }

  /** Added per pacing wake-up (at most one per arrival): its lateness recorded. */
  @Benchmark
  public void wakeRecorded() {
    monitor.recordWake(next());
  }

  /** Added per arrival that finds no idle connection. */
  @Benchmark
  public void queuedCounted() {
    recorder.countQueued();
  }

  /** Added 100 times a second per worker: the heartbeat. */
  @Benchmark
  public void heartbeat() {
    monitor.recordHeartbeat(next());
    monitor.publish(3, 17, 0);
  }
}
