package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.time.Durations;
import org.junit.jupiter.api.Test;

/** The generator's own added delay, and its bound seconds, in every format that shows them. */
class GeneratorDelayTest {
  private static long added(Stats m) {
    return m.response().getValueAtPercentile(50) - m.service().getValueAtPercentile(50);
  }

  @Test
  void theSummaryShowsResponseP50MinusServiceP50BesideTheDispatchLag() {
    RunResult r = Results.result();
    String s = TextSummary.render(r);

    assertTrue(added(r.measured()) > 0, "the fixture waits before it sends");
    assertTrue(
        s.contains(
            "added delay "
                + Durations.format(added(r.measured()))
                + " (response p50 - service p50); dispatch lag p50 "),
        s);
  }

  @Test
  void resultJsonHoldsTheAddedDelayMoreLagPercentilesAndTheBoundSeconds() {
    RunResult r = Results.result();
    JsonNode g = ResultJson.toJson(r).get("generator");

    assertEquals(added(r.measured()) / 1e6, g.get("addedDelayMs").asDouble(), 0.001, g.toString());
    assertTrue(g.get("dispatchLag").has("p90") && g.get("dispatchLag").has("p999"), g.toString());
    assertEquals(r.generator().boundSeconds(), g.get("boundSeconds").asLong());
    assertEquals(80.0, g.get("rule").get("boundBusy").asDouble());
    for (JsonNode second : g.get("seconds")) {
      assertTrue(second.has("bound"), second.toString());
    }
  }

  @Test
  void theHtmlGeneratorSectionHasTheAddedDelay() {
    RunResult r = Results.result();
    String html = HtmlReport.render(RunReport.of(r, null));

    assertTrue(html.contains("added delay"), "an added delay row");
    assertTrue(html.contains(Format.duration(added(r.measured()))), "its value");
  }

  @Test
  void aClosedModelRunHasNoAddedDelayOfItsOwn() {
    RunResult r =
        Results.result(
            LoadModel.CLOSED, Results.steady(), Results.generator(0, 1000), Verdict.PASS, null);

    assertFalse(TextSummary.render(r).contains("added delay"));
    assertTrue(ResultJson.toJson(r).get("generator").get("addedDelayMs").isNull());
  }
}
