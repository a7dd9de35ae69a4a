package dev.harness.engine.target;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The server-wide rate limit of {@code /limited}: {@code rate} requests a second let through, the
 * rest refused. The generic cell rate algorithm (a token bucket kept as one instant): each accepted
 * request moves the "theoretical arrival time" on by one interval {@code 1/rate}; a request may
 * pass when it comes no more than one interval before that time. That one interval of tolerance
 * absorbs the jitter of evenly spaced arrivals, so at any offered load above the limit the server
 * lets through the limit itself (a strict no-burst rule would let through less whenever an arrival
 * came a hair early), at the price of two requests back to back now and then. One bucket for the
 * whole server, so every connection draws from it first come, first served.
 *
 * <p>Thread-safe: the event loops share it; a take is one compare-and-set, never a lock.
 */
final class RateLimit {
  private final long intervalNanos;
  private final AtomicLong arrivalTime;

  /**
   * @param perSecond requests a second let through, above 0
   */
  RateLimit(double perSecond) {
    this.intervalNanos = Math.max(1, Math.round(1e9 / perSecond));
    this.arrivalTime = new AtomicLong(System.nanoTime());
  }

  /**
   * Whether a request arriving at {@code nowNanos} (System.nanoTime) may pass; if so, counts it.
   */
  boolean tryTake(long nowNanos) {
    while (true) {
      long tat = arrivalTime.get();
      if (tat - nowNanos > intervalNanos) {
        return false;
      }
      // An idle spell earns no credit: the bucket restarts from now, not from the past.
      long next = Math.max(tat, nowNanos) + intervalNanos;
      if (arrivalTime.compareAndSet(tat, next)) {
        return true;
      }
    }
  }

  /** Whole seconds (at least 1) a refused client should wait, for {@code Retry-After}. */
  long retryAfterSeconds(long nowNanos) {
    long wait = arrivalTime.get() - intervalNanos - nowNanos;
    return Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
  }
}
