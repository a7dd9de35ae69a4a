package dev.harness.engine.result;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A probe's availability counts time: a poll that hung stands for the time it held the probe up.
 */
class ProbeTimeTest {
  private static final long S = 1_000_000_000L;

  private static ProbeResult.Poll poll(double at, boolean ok) {
    return new ProbeResult.Poll(
        Math.round(at * S), true, ok ? 200 : 0, 1_000_000, ok, ok ? null : "timeout");
  }

  @Test
  void onScheduleItIsTheShareOfPolls() {
    ProbeResult p =
        new ProbeResult(
            "http://x/health",
            S,
            List.of(poll(0, true), poll(1.01, true), poll(2, false), poll(2.98, true)));
    assertEquals(0.75, p.availability(), 1e-12);
  }

  @Test
  void aPollThatHungStandsForTheTimeUntilTheNext() {
    // 10 polls a second apart, then one that timed out after 5 s, then 4 more.
    List<ProbeResult.Poll> polls = new java.util.ArrayList<>();
    for (int k = 0; k < 10; k++) {
      polls.add(poll(k, true));
    }
    polls.add(poll(10, false)); // hung until 15
    for (int k = 15; k < 19; k++) {
      polls.add(poll(k, true));
    }
    ProbeResult p = new ProbeResult("http://x/health", S, polls);
    // 5 s down of 19 s, not 1 poll of 15.
    assertEquals(14.0 / 19, p.availability(), 1e-12);
  }
}
