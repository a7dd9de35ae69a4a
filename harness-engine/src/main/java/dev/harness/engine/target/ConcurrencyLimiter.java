package dev.harness.engine.target;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A fixed number of permits shared by all event loops, handed out first come first served.
 *
 * <p>Thread-safe. A caller either gets a permit at once ({@link #tryAcquire} returns {@code true})
 * or is queued; a queued caller's task is later run on its own executor by whichever thread
 * releases the permit it inherits, so the caller's state is only ever touched by its own event
 * loop. Every granted permit must be {@link #release() released} exactly once.
 *
 * <pre>{@code
 * if (limiter.tryAcquire(ctx.executor(), () -> begin(answer))) {
 *   begin(answer);
 * }
 * // ... when the work is done:
 * limiter.release();
 * }</pre>
 */
final class ConcurrencyLimiter {
  private final int permits;
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private int available;

  ConcurrencyLimiter(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be positive: " + permits);
    }
    this.permits = permits;
    this.available = permits;
  }

  /**
   * Takes a permit if one is free and nobody is waiting; otherwise queues {@code onGrant} to be run
   * on {@code executor} once a permit passes to it, and returns {@code false}.
   */
  boolean tryAcquire(Executor executor, Runnable onGrant) {
    synchronized (this) {
      // Permits go straight to waiters on release, so a free permit means the queue is empty.
      if (available > 0) {
        available--;
        return true;
      }
      waiters.add(new Waiter(executor, onGrant));
      return false;
    }
  }

  /** Returns a permit: the longest waiter gets it, or it goes back to the pool. */
  void release() {
    while (true) {
      Waiter next;
      synchronized (this) {
        next = waiters.poll();
        if (next == null) {
          if (available == permits) {
            throw new IllegalStateException("released more permits than were acquired");
          }
          available++;
          return;
        }
      }
      try {
        next.executor.execute(next.onGrant);
        return;
      } catch (RejectedExecutionException shuttingDown) {
        // That event loop is gone, and its connections with it: pass the permit on.
      }
    }
  }

  /** Requests waiting for a permit right now. */
  synchronized int waiting() {
    return waiters.size();
  }

  private record Waiter(Executor executor, Runnable onGrant) {}
}
