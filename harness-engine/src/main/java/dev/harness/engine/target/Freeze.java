package dev.harness.engine.target;

/**
 * The periodic stalls of a target: stall k (k = 1, 2, ...) covers {@code [origin + k * every,
 * origin + k * every + length)}. Pure arithmetic on {@link System#nanoTime()} values, so it is
 * immutable, thread-safe and testable without sleeping.
 *
 * <p>The first stall comes one period after the start rather than at it, so a server that was just
 * started answers its readiness check at once.
 */
record Freeze(long originNanos, long lengthNanos, long everyNanos) {

  static Freeze none() {
    return new Freeze(0, 0, 0);
  }

  /**
   * When an answer due at {@code dueNanos} may go out: {@code dueNanos} itself, or the end of the
   * stall it falls into.
   */
  long releaseAt(long dueNanos) {
    if (lengthNanos == 0) {
      return dueNanos;
    }
    long sinceOrigin = dueNanos - originNanos;
    if (sinceOrigin < everyNanos) {
      return dueNanos;
    }
    long stallStart = sinceOrigin - sinceOrigin % everyNanos;
    return sinceOrigin - stallStart < lengthNanos
        ? originNanos + stallStart + lengthNanos
        : dueNanos;
  }
}
