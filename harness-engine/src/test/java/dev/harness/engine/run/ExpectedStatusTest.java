package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Check;
import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.Flow;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.StatusSet;
import dev.harness.engine.model.Step;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.testkit.Specs;
import dev.harness.engine.testkit.TargetExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Expected statuses and the counts by status, against the embedded target's {@code /limited} route
 * (100/s) on real loopback sockets, loaded at three times its limit.
 */
class ExpectedStatusTest {
  @RegisterExtension
  static final TargetExtension target = TargetExtension.with(TargetConfig.builder().rateLimit(100));

  /**
   * {@code seconds}: 1 where any 429 will do; 3 for the share of 429s, so that one stall of a busy
   * machine does not move it.
   */
  private static RunResult limitedAt300(int seconds, StatusSet ok, String... criteria)
      throws Exception {
    return Runs.run(
        Specs.open(target.url("/limited"), 300, seconds, 1, 8, criteria).toBuilder()
            .okStatus(ok)
            .build());
  }

  @Test
  void expected429sAreCountedUnderTheirCodeAndAreNotErrors() throws Exception {
    RunResult r = limitedAt300(1, StatusSet.parse("200,429"));
    Stats m = r.measured();
    Map<Integer, Long> byStatus = m.outcomes().byStatus();
    assertEquals(0, m.errors(), "200 and 429 are both expected: " + m.outcomes());
    assertEquals(m.requests(), byStatus.get(200) + byStatus.get(429), "only 200/429: " + byStatus);
    assertEquals(byStatus.get(429), m.outcomes().get(Outcome.S4XX), "429s in the 4xx class");
    assertTrue(byStatus.get(429) > 0 && byStatus.get(200) > 0, "both statuses seen: " + byStatus);
    assertEquals(Verdict.PASS, r.verdict(), r.reason());
  }

  @Tag("timing")
  @Test
  void aboutTwoThirdsAre429AtThreeTimesTheLimitAndTheShareCriterionPasses() throws Exception {
    RunResult r = limitedAt300(3, StatusSet.parse("200,429"), "status429 >= 40%", "errors == 0");
    Stats m = r.measured();
    double share = (double) m.outcomes().status("429") / m.requests();
    assertTrue(share > 0.5 && share < 0.8, "429 share near 2/3: " + m.outcomes().byStatus());
    CriterionResult c = r.criteria().get(0);
    assertTrue(c.passed(), "status429 >= 40%: " + c.actualText());
    assertEquals(Verdict.PASS, r.verdict(), r.reason());
  }

  @Test
  void withoutOkStatusThe429sAreErrorsOfThe4xxClass() throws Exception {
    RunResult r = limitedAt300(1, null, "status4xx == 0");
    Stats m = r.measured();
    long limited = m.outcomes().byStatus().get(429);
    assertTrue(limited > 0, "some 429s: " + m.outcomes());
    assertEquals(limited, m.errors(), "every 429 is an error by default: " + m.outcomes());
    assertEquals(limited, m.outcomes().get(Outcome.S4XX), "and counted as 4xx");
    assertEquals(limited, m.outcomes().unexpected(), "unexpected answers");
    assertEquals(Verdict.FAIL, r.verdict(), "status4xx == 0 fails: " + r.criteria());
  }

  @Test
  void anUnexpected2xxIsAnErrorToo() throws Exception {
    RunResult r =
        Runs.run(
            Specs.open(target.url("/"), 50, 1, 1, 4).toBuilder()
                .okStatus(StatusSet.parse("429"))
                .build());
    Stats m = r.measured();
    assertEquals(50, m.outcomes().get(Outcome.S2XX), "counted as 2xx: " + m.outcomes());
    assertEquals(50, m.errors(), "but only 429 was expected: " + m.outcomes());
    assertEquals(Map.of(200, 50L), m.outcomes().byStatus());
  }

  @Test
  void aStepsCheckStatusListIsExpectedAndItsExpectReplacesTheRunsDefault() throws Exception {
    Step checked =
        new Step(
            RequestSpec.of("checked", "GET", "/limited", List.of(), null),
            true,
            false,
            List.of(new Check.Status(List.of("200", "429"))),
            List.of());
    Step expecting =
        new Step(
            RequestSpec.of("expecting", "GET", "/status/404", List.of(), null),
            true,
            false,
            List.of(),
            List.of(),
            StatusSet.parse("404"));
    RunResult r =
        Runs.run(
            Specs.open(target.url("/"), 300, 2, 1, 8).toBuilder()
                .flows(
                    List.of(
                        new Flow("checked", 1, List.of(checked), null, Map.of()),
                        new Flow("expecting", 1, List.of(expecting), null, Map.of())))
                .build());
    Stats checkedStats = r.requests().get(0).stats();
    assertTrue(checkedStats.outcomes().status("429") > 0, "429s: " + checkedStats.outcomes());
    assertEquals(0, checkedStats.errors(), "check.status lists 429: " + checkedStats.outcomes());
    Stats expectingStats = r.requests().get(1).stats();
    assertTrue(expectingStats.outcomes().status("404") > 0, "404s: " + expectingStats.outcomes());
    assertEquals(0, expectingStats.errors(), "expect lists 404: " + expectingStats.outcomes());
  }

  @Test
  void statusCriteriaParseCountsAndShares() {
    Criterion share = Criterion.parse("status429 >= 40%");
    assertEquals("status429 >= 40%", share.expression());
    assertEquals("5xx", Criterion.parse("status5xx == 0").status());
    assertEquals("status5xx == 0", Criterion.parse("status5xx == 0").expression());
  }
}
