package dev.harness.engine.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outage;
import dev.harness.engine.result.OutcomeCounts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Outages nobody injected, found in a series of seconds within (+) or missing (-) the SLO. */
class OutagesTest {
  private static final long S = 1_000_000_000L;

  /** {@code "++--+++"}: one interval a second; {@code .} for a second not judged. */
  private static List<Outage> find(String series, long holdSeconds) {
    List<IntervalStats> intervals = new ArrayList<>();
    List<Boolean> within = new ArrayList<>();
    for (int i = 0; i < series.length(); i++) {
      intervals.add(new IntervalStats(i * S, (i + 1) * S, 0, 0, OutcomeCounts.empty(), 0, 0, 0, 0));
      char c = series.charAt(i);
      within.add(c == '.' ? null : c == '+');
    }
    return Outages.find(intervals, within, holdSeconds * S);
  }

  @Test
  void consecutiveMissesAreOneOutageRecoveredOnceTheSloHeldForTheHold() {
    List<Outage> o = find("+++---+++++++", 5);
    assertEquals(1, o.size());
    assertEquals(3 * S, o.get(0).startNanos());
    assertEquals(6 * S, o.get(0).endNanos());
    assertEquals(3 * S, o.get(0).lengthNanos());
    assertTrue(o.get(0).recovered());
    assertEquals(0, o.get(0).recoveryNanos(), "the SLO held from the next second on");
  }

  @Test
  void flappingAfterAnOutageIsItsRecoveryNotAnotherOutage() {
    List<Outage> o = find("++---++-+++++++", 5);
    assertEquals(1, o.size(), o.toString());
    assertEquals(3 * S, o.get(0).lengthNanos());
    assertEquals(3 * S, o.get(0).recoveryNanos(), "from 5 s to the stable stretch at 8 s");
  }

  @Test
  void anOutageWithoutTheHoldBeforeTheEndIsNotRecovered() {
    List<Outage> o = find("+++---++..", 5);
    assertEquals(1, o.size());
    assertFalse(o.get(0).recovered());
  }

  @Test
  void twoOutagesApartAreTwoAndAFullySloRunHasNone() {
    assertEquals(2, find("+--+++--++", 3).size());
    assertTrue(find("++++++", 5).isEmpty());
    assertTrue(find("..++..", 5).isEmpty());
  }
}
