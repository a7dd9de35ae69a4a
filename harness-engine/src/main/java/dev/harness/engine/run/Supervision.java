package dev.harness.engine.run;

import io.netty.channel.EventLoop;
import java.util.function.Function;

/**
 * What a run puts around each worker's pacing loop: the scheduler its {@link RestartPolicy} pauses
 * on, and a hook run at the start of every pacing tick. Runs use {@link #STANDARD}; tests inject a
 * faster scheduler and a hook that throws.
 */
record Supervision(Function<EventLoop, RestartPolicy.Scheduler> scheduler, Runnable beforeTick) {
  static final Supervision STANDARD = new Supervision(RestartPolicy.Scheduler::of, () -> {});
}
