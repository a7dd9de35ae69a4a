package dev.harness.engine.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {
  private static final Executor DIRECT = Runnable::run;

  @Test
  void grantsUpToItsPermitsAndQueuesTheRestInArrivalOrder() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(2);
    List<Integer> granted = new ArrayList<>();
    assertTrue(limiter.tryAcquire(DIRECT, () -> granted.add(0)), "first permit");
    assertTrue(limiter.tryAcquire(DIRECT, () -> granted.add(1)), "second permit");
    for (int i = 2; i < 5; i++) {
      int id = i;
      assertFalse(limiter.tryAcquire(DIRECT, () -> granted.add(id)), "request " + i + " waits");
    }
    assertEquals(3, limiter.waiting(), "waiting");
    limiter.release();
    limiter.release();
    limiter.release();
    assertEquals(List.of(2, 3, 4), granted, "grant order");
    limiter.release();
    limiter.release();
    assertTrue(limiter.tryAcquire(DIRECT, () -> {}), "a permit is free again");
  }

  @Test
  void passesThePermitOnWhenAWaitersExecutorIsGone() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(1);
    List<String> granted = new ArrayList<>();
    Executor shutDown =
        task -> {
          throw new RejectedExecutionException("shut down");
        };
    assertTrue(limiter.tryAcquire(DIRECT, () -> {}), "first permit");
    limiter.tryAcquire(shutDown, () -> granted.add("gone"));
    limiter.tryAcquire(DIRECT, () -> granted.add("alive"));
    limiter.release();
    assertEquals(List.of("alive"), granted, "grants");
  }

  @Test
  void refusesToReleaseMoreThanWasAcquired() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(1);
    assertThrows(IllegalStateException.class, limiter::release);
  }
}
