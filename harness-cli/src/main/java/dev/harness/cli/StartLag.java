package dev.harness.cli;

import dev.harness.engine.model.Shard;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.run.RunListener;
import java.time.Instant;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * How late a shard's schedule began after its {@code --start-at}: the engine calls {@code onStart}
 * right after its start gate opened, with time zero on the monotonic clock, so the time since then
 * is the lag. Written into the result's {@code shard.startLagMs}.
 */
final class StartLag implements RunListener {
  private volatile long lagNanos = -1;

  @Override
  public void onStart(long startNanos, Instant startedAt) {
    lagNanos = Math.max(0, System.nanoTime() - startNanos);
  }

  @Override
  public void onInterval(
      IntervalStats stats, Histogram response, Map<String, Histogram> responseByName) {}

  /** {@code result} with its shard's start lag, when it had a start instant. */
  RunResult stamp(RunResult result) {
    Shard s = result.spec().shard();
    if (s == null || s.startAt() == null || lagNanos < 0) {
      return result;
    }
    return result.toBuilder()
        .spec(result.spec().toBuilder().shard(s.withStartLag(lagNanos)).build())
        .build();
  }
}
