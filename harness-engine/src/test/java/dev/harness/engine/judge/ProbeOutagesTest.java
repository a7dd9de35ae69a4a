package dev.harness.engine.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.result.Outage;
import dev.harness.engine.result.ProbeResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Outages from the probe's polls: ok (+), failed (-), failed in the warm-up (w). */
class ProbeOutagesTest {
  private static final long S = 1_000_000_000L;

  /** One poll every {@code interval}, as the string says. */
  private static List<Outage> find(String polls, long interval, long hold) {
    List<ProbeResult.Poll> list = new ArrayList<>();
    for (int i = 0; i < polls.length(); i++) {
      char c = polls.charAt(i);
      boolean ok = c == '+';
      list.add(
          new ProbeResult.Poll(
              i * interval, c != 'w', ok ? 200 : 0, 1_000_000, ok, ok ? null : "refused"));
    }
    return ProbeOutages.find(new ProbeResult("http://x/health", interval, list), hold);
  }

  @Test
  void failedPollsAreOneOutageLastingTheirIntervals() {
    List<Outage> o = find("++---+++++++", S, 5 * S);
    assertEquals(1, o.size(), o.toString());
    assertEquals(2 * S, o.get(0).startNanos());
    assertEquals(5 * S, o.get(0).endNanos(), "until the next poll that succeeded");
    assertEquals(3 * S, o.get(0).lengthNanos());
    assertTrue(o.get(0).recovered());
    assertEquals(0, o.get(0).recoveryNanos(), "the probe held from the next poll on");
    assertEquals(Outage.PROBE, o.get(0).source());
  }

  @Test
  void flappingIsTheRecoveryAndTheHoldCountsPollIntervals() {
    // Polls every 500 ms; a hold of 2 s needs four good polls in a row.
    List<Outage> o = find("+--++-+++++", S / 2, 2 * S);
    assertEquals(1, o.size(), o.toString());
    assertEquals(S / 2, o.get(0).startNanos());
    assertEquals(3 * S / 2, o.get(0).endNanos());
    assertEquals(3 * S / 2, o.get(0).recoveryNanos(), "from 1.5 s to the stable stretch at 3 s");
  }

  @Test
  void stillFailingAtTheEndIsNotRecoveredAndWarmUpPollsDoNotCount() {
    List<Outage> o = find("ww--", S, 5 * S);
    assertEquals(1, o.size());
    assertEquals(2 * S, o.get(0).startNanos());
    assertEquals(4 * S, o.get(0).endNanos(), "the last failed poll stands for its interval");
    assertFalse(o.get(0).recovered());
    assertTrue(find("ww++++", S, S).isEmpty(), "failures in the warm-up are no outage");
    assertTrue(find("++++", S, S).isEmpty());
  }
}
