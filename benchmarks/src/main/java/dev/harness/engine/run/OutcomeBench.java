package dev.harness.engine.run;

import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
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
 * Outcome counting: per answer, the status becomes an {@link Outcome} and its counter in the
 * worker's {@link PhaseRecorder} goes up ({@link #classifyAndCount}); per interval, the sampler
 * reads the counters into {@link OutcomeCounts} and adds them up ({@link #snapshotAndSum}, not per
 * request, for scale).
 *
 * <p>Statuses cycle through a mix that is mostly 2xx with some 3xx, 4xx and 5xx, so the branch
 * predictor does not see one constant status.
 *
 * <p>Run: {@code bench/jmh.sh OutcomeBench}, or {@code java -jar benchmarks/target/benchmarks.jar
 * OutcomeBench -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class OutcomeBench {
  private static final int[] STATUSES = statuses();

  private final PhaseRecorder recorder = new PhaseRecorder();
  private final OutcomeCounts previous = OutcomeCounts.empty();
  private int i;

  private static int[] statuses() {
    int[] s = new int[256];
    for (int k = 0; k < s.length; k++) {
      s[k] = k % 61 == 0 ? 503 : k % 17 == 0 ? 404 : k % 29 == 0 ? 304 : 200;
    }
    return s;
  }

  @Benchmark
  public void classifyAndCount() {
    int k = i = (i + 1) & (STATUSES.length - 1);
    recorder.countOutcome(Outcome.ofStatus(STATUSES[k]));
  }

  @Benchmark
  public long snapshotAndSum() {
    long[] counts = new long[Outcome.count()];
    for (int k = 0; k < counts.length; k++) {
      counts[k] = recorder.counter(k);
    }
    OutcomeCounts sum = OutcomeCounts.of(counts).plus(previous);
    return sum.total() + sum.errors();
  }
}
