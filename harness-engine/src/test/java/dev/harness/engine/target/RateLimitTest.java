package dev.harness.engine.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.testkit.RawHttp;
import org.junit.jupiter.api.Test;

/** The {@code /limited} route's bucket, on a made-up clock, and the route on a real socket. */
class RateLimitTest {
  private static final long MS = 1_000_000L;

  @Test
  void atThreeTimesTheLimitLetsOneInThreeThrough() {
    RateLimit limit = new RateLimit(100); // one every 10 ms
    long start = System.nanoTime();
    int passed = 0;
    int offered = 3000; // 300/s for 10 s, evenly spaced, each a hair early or late
    for (int i = 0; i < offered; i++) {
      long jitter = (i % 2 == 0 ? 1 : -1) * 50_000L;
      if (limit.tryTake(start + i * 10 * MS / 3 + jitter)) {
        passed++;
      }
    }
    assertTrue(
        Math.abs(passed - 1000) <= 2,
        "100/s of 300/s over 10 s lets about 1000 through, jitter or not: " + passed);
  }

  @Test
  void anIdleSpellEarnsNoBurstBeyondOneEarlyRequest() {
    RateLimit limit = new RateLimit(100);
    long t = System.nanoTime() + 60_000 * MS; // a minute idle
    assertTrue(limit.tryTake(t), "first after idling");
    assertTrue(limit.tryTake(t), "one more at once: the one interval of tolerance");
    assertFalse(limit.tryTake(t), "a third at the same instant is refused");
    assertFalse(limit.tryTake(t + 9 * MS), "still refused 9 ms later");
    assertTrue(limit.tryTake(t + 10 * MS), "one interval later one passes again");
  }

  @Test
  void limitedRouteAnswers429WithRetryAfterBeyondTheLimit() throws Exception {
    TargetConfig config = TargetConfig.builder().port(0).rateLimit(1).build();
    try (TargetServer server = TargetServer.start(config);
        RawHttp http = new RawHttp(server.port())) {
      assertEquals(200, http.exchange("/limited").status(), "first within the limit");
      assertEquals(200, http.exchange("/limited").status(), "second within the tolerance");
      RawHttp.Response refused = http.exchange("/limited");
      assertEquals(429, refused.status(), "third within a second of 1/s: " + refused);
      assertEquals("1", refused.headers().get("retry-after"), "Retry-After: " + refused.headers());
      assertEquals(200, http.exchange("/").status(), "other routes are not limited");
    }
  }

  @Test
  void refusesANonPositiveRateLimit() {
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.harness.engine.time.InvalidInputException.class,
            () -> TargetConfig.builder().rateLimit(0).build());
    assertTrue(e.getMessage().startsWith("rate-limit must be above 0"), e.getMessage());
  }
}
