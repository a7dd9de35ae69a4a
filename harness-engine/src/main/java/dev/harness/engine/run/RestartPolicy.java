package dev.harness.engine.run;

import dev.harness.engine.result.WorkerRestart;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * What a worker does when its pacing loop throws: a task that throws would otherwise leave the
 * worker silently sending nothing. The loop pauses (1 s, doubling up to 60 s) and goes on, at most
 * {@link #MAX_RESTARTS} times; one failure more and the worker gives up (its arrivals end and the
 * run is invalid). Every failure is kept as a {@link WorkerRestart}.
 *
 * <p>Time comes from an injected {@link Scheduler}, so the backoff is tested without sleeping.
 *
 * <p>Thread contract: {@link #restart} runs on the worker's event loop only; {@link #restarts} may
 * be read by another thread (the run reads it after the loop has stopped).
 */
final class RestartPolicy {
  /** How often a worker whose loop threw is restarted before it gives up. */
  static final int MAX_RESTARTS = 5;

  static final long FIRST_BACKOFF_NANOS = 1_000_000_000L;
  static final long MAX_BACKOFF_NANOS = 60_000_000_000L;

  /** The clock and timer a policy pauses on. */
  interface Scheduler {
    long nanoTime();

    /** Runs {@code task} once, {@code delayNanos} from now. */
    void schedule(Runnable task, long delayNanos);

    /** System.nanoTime and the timers of {@code loop}. */
    static Scheduler of(EventLoop loop) {
      return new Scheduler() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void schedule(Runnable task, long delayNanos) {
          loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        }
      };
    }
  }

  private final int worker;
  private final Scheduler scheduler;
  private final List<WorkerRestart> restarts = new CopyOnWriteArrayList<>();
  private final GeneratorFailure failure;

  RestartPolicy(int worker, Scheduler scheduler) {
    this(worker, scheduler, GeneratorFailure.ignored());
  }

  /**
   * @param failure where a worker that gives up, or a loop out of memory, is reported: the run ends
   */
  RestartPolicy(int worker, Scheduler scheduler, GeneratorFailure failure) {
    this.worker = worker;
    this.scheduler = scheduler;
    this.failure = failure;
  }

  /** The pause before restart {@code n} (0 for the first): 1 s, doubling, at most 60 s. */
  static long backoffNanos(int n) {
    return Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(n, 6));
  }

  /**
   * The guarded loop threw {@code e}: records it and either schedules {@code resume} after the
   * backoff (true) or gives up (false), when it has been restarted {@link #MAX_RESTARTS} times or
   * the generator cannot go on ({@link GeneratorFailure#reasonOf}); either ends the run.
   */
  boolean restart(Throwable e, long runStartNanos, Runnable resume) {
    if (failure.report(e)) {
      return false; // out of memory: pausing would not help, the run ends
    }
    long now = scheduler.nanoTime();
    String error =
        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    int n = restarts.size();
    boolean giveUp = n >= MAX_RESTARTS;
    long backoff = giveUp ? 0 : backoffNanos(n);
    restarts.add(
        new WorkerRestart(worker, Math.max(0, now - runStartNanos), error, backoff, giveUp));
    if (giveUp) {
      failure.report(
          "the generator's worker " + worker + " gave up after " + (n + 1) + " failures");
      return false;
    }
    scheduler.schedule(resume, backoff);
    return true;
  }

  /** Restarts, in order. */
  List<WorkerRestart> restarts() {
    return List.copyOf(restarts);
  }
}
