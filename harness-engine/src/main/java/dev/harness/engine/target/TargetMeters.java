package dev.harness.engine.target;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;

/**
 * The embedded target's own counts, as a service under test would expose them: answers written by
 * status class. Counted in striped adders, so the target's event loops never contend on one atomic;
 * a registry reads them only when scraped.
 *
 * <p>Thread-safe: {@link #answered} is called from any event loop, {@link #bindTo} once from any
 * thread.
 */
public final class TargetMeters {
  private final LongAdder[] byClass = new LongAdder[6]; // index = status / 100

  public TargetMeters() {
    for (int i = 0; i < byClass.length; i++) {
      byClass[i] = new LongAdder();
    }
  }

  void answered(int status) {
    int c = status / 100;
    byClass[c >= 1 && c <= 5 ? c : 0].increment();
  }

  /** Answers written with a status of class {@code c} (1 to 5). */
  public long answers(int c) {
    return byClass[c].sum();
  }

  /**
   * Registers {@code target_http_requests_total{status="2xx"}} (one per status class) with {@code
   * registry}.
   */
  public void bindTo(MeterRegistry registry) {
    for (int c = 1; c <= 5; c++) {
      LongAdder a = byClass[c];
      FunctionCounter.builder("target.http.requests", a, LongAdder::doubleValue)
          .description("Answers the embedded target wrote, by status class")
          .tag("status", c + "xx")
          .register(registry);
    }
  }
}
