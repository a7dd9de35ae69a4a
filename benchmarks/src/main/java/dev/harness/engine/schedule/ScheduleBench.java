package dev.harness.engine.schedule;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The worker's pacing question, asked once per arrival: when is the next one due. Each benchmark
 * walks a schedule in order (k = 0, 1, 2, ...), as the worker does, so a schedule that keeps a
 * cursor (Poisson) is measured on its real path.
 *
 * <p>Run: {@code bench/jmh.sh ScheduleBench}, or after {@code mvn -pl benchmarks -am package
 * -DskipTests}: {@code java -jar benchmarks/target/benchmarks.jar ScheduleBench -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ScheduleBench {
  private static final long TEN_SECONDS = 10_000_000_000L;
  private static final long TWO_SECONDS = 2_000_000_000L;

  /** Arrivals in the ramp (10 s, 1,000 to 40,000/s) and in the steps: the cursors wrap there. */
  private static final long RAMP_ARRIVALS = 205_000;

  private static final long STEPS_ARRIVALS = 150_000;

  private RateSchedule constant;
  private RateSchedule ramp;
  private RateSchedule steps;
  private ArrivalSlice workerSlice;
  private ArrivalSlice poisson;

  // One cursor per schedule; wrapped long before a double loses precision.
  private long k;
  private long kRamp;
  private long kSteps;
  private long kSlice;
  private long kPoisson;

  @Setup
  public void setUp() {
    constant = new ConstantRate(20_000);
    ramp = new PiecewiseRate(new long[] {TEN_SECONDS}, new double[] {1_000}, new double[] {40_000});
    // Five steps of 2 s: the segment search walks back over several segments.
    steps =
        new PiecewiseRate(
            new long[] {TWO_SECONDS, TWO_SECONDS, TWO_SECONDS, TWO_SECONDS, TWO_SECONDS},
            new double[] {5_000, 10_000, 15_000, 20_000, 25_000},
            new double[] {5_000, 10_000, 15_000, 20_000, 25_000});
    workerSlice = new WorkerSlice(constant, 1, 4);
    poisson = new PoissonSlice(constant, 1, 4, 42);
  }

  @Benchmark
  public long constantRate() {
    return constant.dueNanos(k = (k + 1) & 0xFFFFFF);
  }

  /** A linear ramp: the k-th time is the root of a quadratic. */
  @Benchmark
  public long rampRate() {
    kRamp = kRamp + 1 == RAMP_ARRIVALS ? 0 : kRamp + 1;
    return ramp.dueNanos(kRamp);
  }

  /** Steps: a piecewise-constant schedule, five segments. */
  @Benchmark
  public long stepsRate() {
    kSteps = kSteps + 1 == STEPS_ARRIVALS ? 0 : kSteps + 1;
    return steps.dueNanos(kSteps);
  }

  /** Worker 1 of 4's share of a constant rate, the default fan-out path. */
  @Benchmark
  public long workerSlice() {
    return workerSlice.dueNanos(kSlice = (kSlice + 1) & 0xFFFFFF);
  }

  /** Poisson arrivals: an exponential variate (a log) and the schedule's inverse per arrival. */
  @Benchmark
  public long poissonSlice() {
    long i = kPoisson;
    kPoisson = i + 1 == 1 << 24 ? 0 : i + 1; // back to 0 restarts the seeded sequence
    return poisson.dueNanos(i);
  }
}
