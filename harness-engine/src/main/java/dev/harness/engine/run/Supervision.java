package dev.harness.engine.run;

import io.netty.channel.EventLoop;
import java.util.function.Function;

/**
 * What a run puts around each worker's pacing loop: the scheduler its {@link RestartPolicy} pauses
 * on, a hook run before every pass that sends arrivals (a timer tick or an answer's), and where the
 * generator's own failure is reported (which ends the run). Runs use {@link #STANDARD} with their
 * own failure; tests inject a faster scheduler and a hook that throws.
 */
record Supervision(
    Function<EventLoop, RestartPolicy.Scheduler> scheduler,
    Runnable beforeTick,
    GeneratorFailure failure) {
  static final Supervision STANDARD = new Supervision(RestartPolicy.Scheduler::of, () -> {});

  /** Supervision whose failures nobody hears. */
  Supervision(Function<EventLoop, RestartPolicy.Scheduler> scheduler, Runnable beforeTick) {
    this(scheduler, beforeTick, GeneratorFailure.ignored());
  }

  /** This supervision, reporting the generator's failures to {@code f}. */
  Supervision reporting(GeneratorFailure f) {
    return new Supervision(scheduler, beforeTick, f);
  }
}
