package dev.harness.engine.testkit;

import java.util.function.BooleanSupplier;

/**
 * Waits for a condition instead of sleeping a fixed time: polls every few milliseconds and fails
 * only after a deadline generous enough for a busy machine, so a slow machine makes a test slower,
 * not red.
 */
public final class Await {
  /** How long {@link #until(String, BooleanSupplier)} waits before it fails. */
  public static final long DEFAULT_TIMEOUT_MILLIS = 30_000;

  private Await() {}

  /** Returns once {@code condition} holds; fails naming {@code what} after 30 s. */
  public static void until(String what, BooleanSupplier condition) throws InterruptedException {
    until(what, condition, DEFAULT_TIMEOUT_MILLIS);
  }

  /**
   * Returns once {@code condition} holds; fails naming {@code what} after {@code timeoutMillis}.
   */
  public static void until(String what, BooleanSupplier condition, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("still waiting after " + timeoutMillis + " ms for: " + what);
      }
      Thread.sleep(5);
    }
  }
}
