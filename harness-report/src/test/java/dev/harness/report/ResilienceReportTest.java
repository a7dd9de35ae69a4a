package dev.harness.report;

import static dev.harness.report.Results.MS;
import static dev.harness.report.Results.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harness.engine.result.FaultImpact;
import dev.harness.engine.result.Resilience;
import dev.harness.engine.result.RunResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resilience block in result.json and in the terminal summary. */
class ResilienceReportTest {

  /** The usual result with a 503 burst from 1 s to 2 s that recovered after 1 s. */
  static RunResult withFaults(Resilience.Abort abort) {
    RunResult r = Results.result();
    FaultImpact burst =
        new FaultImpact(
            S,
            S,
            "status 503",
            "status",
            85,
            5,
            Results.outcomes(80, 5, 0, 0),
            Results.histogram(100, MS),
            S);
    FaultImpact hole =
        new FaultImpact(
            2 * S,
            S / 2,
            "blackhole",
            "blackhole",
            0,
            0,
            Results.outcomes(0, 0, 0, 0),
            Results.histogram(0, MS),
            FaultImpact.NOT_RECOVERED);
    Resilience res =
        new Resilience(
            List.of("p99 < 50ms", "errors < 1%"),
            "criteria",
            Arrays.asList(true, false, null),
            2,
            1,
            List.of(burst, hole),
            abort);
    return r.toBuilder().resilience(res).probe(null).build();
  }

  @Test
  void jsonHasTheResilienceBlockAndEachSecondsSloFlag() {
    JsonNode j =
        ResultJson.toJson(withFaults(new Resilience.Abort("errors > 10%", "12.0% (6 of 50)", S)));
    JsonNode res = j.get("resilience");
    assertEquals("[\"p99 < 50ms\",\"errors < 1%\"]", res.get("slo").toString());
    assertEquals("criteria", res.get("sloSource").asText());
    assertEquals(2, res.get("secondsJudged").asLong());
    assertEquals(1, res.get("secondsWithinSlo").asLong());
    assertEquals(50.0, res.get("availability").asDouble(), 1e-9);

    JsonNode burst = res.get("faults").get(0);
    assertEquals("status 503", burst.get("fault").asText());
    assertEquals("status", burst.get("kind").asText());
    assertEquals(1.0, burst.get("atSeconds").asDouble());
    assertEquals(1.0, burst.get("forSeconds").asDouble());
    assertEquals(2.0, burst.get("endSeconds").asDouble());
    assertEquals(85, burst.get("requests").asLong());
    assertEquals(5, burst.get("errors").asLong());
    assertEquals("{\"2xx\":80,\"5xx\":5}", burst.get("outcomes").toString());
    assertEquals(99.025, burst.get("response").get("p99").asDouble(), 0.001);
    assertTrue(burst.get("recovered").asBoolean());
    assertEquals(1.0, burst.get("recoverySeconds").asDouble());

    JsonNode hole = res.get("faults").get(1);
    assertFalse(hole.get("recovered").asBoolean());
    assertTrue(hole.get("recoverySeconds").isNull(), "not recovered is null, never 0");
    assertTrue(hole.get("response").get("p99").isNull(), "nothing measured is null");

    assertEquals("errors > 10%", res.get("abort").get("criterion").asText());
    assertEquals(1.0, res.get("abort").get("atSeconds").asDouble());

    JsonNode intervals = j.get("intervals");
    assertTrue(intervals.get(0).get("withinSlo").asBoolean());
    assertFalse(intervals.get(1).get("withinSlo").asBoolean());
    assertTrue(intervals.get(2).get("withinSlo").isNull(), "not judged");
  }

  @Test
  void withoutResilienceTheBlockIsNullAndIntervalsHaveNoFlag() {
    JsonNode j = ResultJson.toJson(Results.result());
    assertTrue(j.get("resilience").isNull());
    assertFalse(j.get("intervals").get(0).has("withinSlo"));
  }

  @Test
  void summaryShowsSloAvailabilityAndEachFault() {
    String text = TextSummary.render(withFaults(null));
    assertTrue(
        text.contains("slo        p99 < 50ms, errors < 1% per second (from the criteria)"), text);
    assertTrue(text.contains("available  50.00% of seconds within the SLO (1 of 2)"), text);
    assertTrue(text.contains("status 503"), text);
    assertTrue(text.contains("1s-2s"), text);
    assertTrue(text.contains("<= 1.00s"), text);
    assertTrue(text.contains("2s-2.5s"), text);
    assertTrue(text.contains("not recovered"), text);
    assertFalse(text.contains("aborted"), text);
  }
}
