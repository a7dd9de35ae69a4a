package dev.harness.engine.run;

import dev.harness.engine.model.Shard;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The run's time zero. Without a start instant: shortly after the connections are open. With a
 * shard's {@code startAt}: that wall-clock instant, turned into the monotonic clock once and never
 * read from the wall clock again, so every shard's schedule (and its per-second intervals) counts
 * from the same instant. A gate reached later than the shard's tolerance throws {@link
 * LateStartException} instead of opening.
 *
 * <p>The wall clock is read through {@link Instant#now()}: machines of one test are expected to
 * keep it in step (NTP, as Kubernetes nodes do); their offset is part of the start lag a shard
 * cannot see.
 */
final class StartGate {
  /** Connections are opened this long before the start instant, not earlier: idle ones time out. */
  static final long CONNECT_BEFORE_NANOS = 5_000_000_000L;

  /** Slept in steps no longer than this, so a stop is noticed. */
  private static final long STEP_NANOS = 50_000_000L;

  /** The last stretch is waited by spinning: a sleep can overshoot by a scheduler tick. */
  private static final long SPIN_NANOS = 2_000_000L;

  private StartGate() {}

  /** Time zero on both clocks. */
  record Start(long nanos, Instant at) {}

  /**
   * Before the connections are opened: refuses a shard already too late, and waits until {@link
   * #CONNECT_BEFORE_NANOS} before its start instant.
   */
  static void approach(Shard shard, BooleanSupplier stopped) {
    if (shard == null || shard.startAt() == null) {
      return;
    }
    refuseIfLate(shard, untilStart(shard));
    while (!stopped.getAsBoolean()) {
      long left = untilStart(shard) - CONNECT_BEFORE_NANOS;
      if (left <= 0) {
        return;
      }
      LockSupport.parkNanos(Math.min(left, STEP_NANOS));
    }
  }

  /**
   * Waits for time zero and returns it. Without a start instant it is {@code leadNanos} from now.
   *
   * @throws LateStartException when the start instant passed longer ago than the tolerance
   */
  static Start open(Shard shard, long leadNanos, BooleanSupplier stopped) {
    if (shard == null || shard.startAt() == null) {
      return new Start(System.nanoTime() + leadNanos, Instant.now().plusNanos(leadNanos));
    }
    long left = untilStart(shard);
    while (left > SPIN_NANOS && !stopped.getAsBoolean()) {
      LockSupport.parkNanos(Math.min(left - SPIN_NANOS, STEP_NANOS));
      left = untilStart(shard);
    }
    refuseIfLate(shard, left);
    long zero = System.nanoTime() + left;
    while (System.nanoTime() < zero && !stopped.getAsBoolean()) {
      Thread.onSpinWait();
    }
    return new Start(zero, shard.startAt());
  }

  private static long untilStart(Shard shard) {
    return Duration.between(Instant.now(), shard.startAt()).toNanos();
  }

  private static void refuseIfLate(Shard shard, long left) {
    if (-left > shard.toleranceNanos()) {
      throw new LateStartException(
          String.format(
              java.util.Locale.ROOT,
              "shard %s reached --start-at %s %.0f ms late (tolerance %.0f ms): refusing to run"
                  + " rather than burst to catch up",
              shard.label(),
              shard.startAt(),
              -left / 1e6,
              shard.toleranceNanos() / 1e6));
    }
  }
}
