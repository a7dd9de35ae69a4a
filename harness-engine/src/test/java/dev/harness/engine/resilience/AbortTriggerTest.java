package dev.harness.engine.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Abort conditions on one request name read that name's seconds, not the run's. */
class AbortTriggerTest {
  private static final long S = 1_000_000_000L;

  private static OutcomeCounts counts(long ok, long errors) {
    long[] o = new long[Outcome.count()];
    o[Outcome.S2XX.ordinal()] = ok;
    o[Outcome.S5XX.ordinal()] = errors;
    return OutcomeCounts.of(o);
  }

  /** One second in which {@code login} had 10 errors in 20 and {@code home} none in 980. */
  private static void second(AbortTrigger t, int at) {
    Map<String, OutcomeCounts> outcomes = new LinkedHashMap<>();
    outcomes.put("home", counts(980, 0));
    outcomes.put("login", counts(10, 10));
    Histogram home = new Histogram(3);
    home.recordValueWithCount(1_000_000, 980);
    Histogram login = new Histogram(3);
    login.recordValueWithCount(80_000_000, 10);
    Map<String, Histogram> response = new LinkedHashMap<>();
    response.put("home", home);
    response.put("login", login);
    Histogram all = home.copy();
    all.add(login);
    t.onNameOutcomes(outcomes);
    t.onInterval(
        new IntervalStats(at * S, (at + 1) * S, 1000, 1000, counts(990, 10), 0, 0, 0, 0),
        all,
        response);
  }

  private static AbortTrigger trigger(String condition, int[] stops) {
    return new AbortTrigger(List.of(Criterion.parse(condition)), 0, () -> stops[0]++);
  }

  @Test
  void aNamedConditionFiresOnThatNamesShare() {
    int[] stops = {0};
    AbortTrigger t = trigger("errors{name=login} > 10%", stops);
    second(t, 0);
    assertEquals(1, stops[0], "login had 50% errors");
    assertEquals("50.000% (10 of 20)", t.fired().actualText());
  }

  @Test
  void theRunWideShareOfTheSameSecondsDoesNotFire() {
    int[] stops = {0};
    AbortTrigger run = trigger("errors > 10%", stops);
    AbortTrigger home = trigger("p99{name=home} > 50ms", stops);
    second(run, 0);
    second(home, 0);
    second(home, 1);
    assertEquals(0, stops[0]);
    assertNull(run.fired());
    assertNull(home.fired());
    AbortTrigger login = trigger("p99{name=login} > 50ms", stops);
    second(login, 0);
    assertEquals(1, stops[0], "login answers took 80 ms");
  }
}
