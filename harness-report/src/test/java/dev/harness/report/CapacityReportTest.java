package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.model.CapacityPlan;
import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.CapacityResult;
import dev.harness.engine.result.CapacityStep;
import dev.harness.engine.result.CapacityStep.Stage;
import dev.harness.engine.result.SearchOutcome;
import dev.harness.engine.result.StepVerdict;
import dev.harness.engine.testkit.Specs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The capacity JSON, text and HTML rendered from made-up searches. */
class CapacityReportTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long MS = 1_000_000L;

  private static RunSpec base() {
    // Specs.builder: GET /api named "get", open model, one worker, 5 s timeout.
    return Specs.builder("http://127.0.0.1:8080/api")
        .phases(List.of(new Phase("step", SECOND, new RateProfile.Constant(1), false)))
        .connections(1)
        .build();
  }

  private static CapacityPlan plan(double require) {
    return new CapacityPlan(
        List.of(Criterion.parse("p99 < 50ms"), Criterion.parse("errors < 0.1%")),
        500,
        200_000,
        0.05,
        20 * SECOND,
        5 * SECOND,
        0,
        require);
  }

  private static CapacityStep step(
      int n, Stage stage, double rate, double achieved, long p99Ms, StepVerdict v) {
    return new CapacityStep(
        n,
        stage,
        rate,
        64,
        v,
        v == StepVerdict.PASS ? null : "1 of 2 criteria failed",
        achieved,
        (long) (rate * 20),
        0,
        new CapacityStep.Latency(
            (long) (rate * 20), 2 * MS, 3 * MS, p99Ms * MS, p99Ms * MS, p99Ms * MS),
        List.of(),
        0,
        0.5);
  }

  private static CapacityResult found() {
    return new CapacityResult(
        base(),
        plan(1500),
        Instant.parse("2025-03-01T12:00:00Z"),
        90 * SECOND,
        List.of(
            step(1, Stage.GROW, 500, 500, 3, StepVerdict.PASS),
            step(2, Stage.GROW, 1000, 1000, 4, StepVerdict.PASS),
            step(3, Stage.GROW, 2000, 1890, 400, StepVerdict.FAIL),
            step(4, Stage.BISECT, 1500, 1500, 5, StepVerdict.PASS),
            step(5, Stage.BISECT, 1750, 1750, 8, StepVerdict.PASS),
            step(6, Stage.BISECT, 1875, 1875, 12, StepVerdict.PASS),
            step(7, Stage.BISECT, 1937.5, 1890, 90, StepVerdict.FAIL)),
        SearchOutcome.FOUND,
        "1875.0/s is the highest rate that met the SLO; 1937.5/s failed it (within 5%)");
  }

  private static CapacityResult generatorLimited() {
    return new CapacityResult(
        base(),
        plan(0),
        Instant.parse("2025-03-01T12:00:00Z"),
        60 * SECOND,
        List.of(
            step(1, Stage.GROW, 32_000, 32_000, 3, StepVerdict.PASS),
            step(2, Stage.GROW, 64_000, 60_000, 30, StepVerdict.GENERATOR_LIMIT),
            step(3, Stage.RETRY, 64_000, 61_000, 30, StepVerdict.GENERATOR_LIMIT),
            step(4, Stage.RETRY, 64_000, 59_000, 30, StepVerdict.GENERATOR_LIMIT)),
        SearchOutcome.GENERATOR_LIMIT,
        "the generator could not hold 64000.0/s on this machine");
  }

  @Test
  void jsonGivesTheCapacityItsStepAndEveryStep() throws Exception {
    JsonNode j = new ObjectMapper().readTree(CapacityJson.toBytes(found()));
    assertEquals(1, j.get("schema").asInt());
    assertEquals("capacity", j.get("kind").asText());
    assertEquals("found", j.get("outcome").asText());
    assertEquals(0, j.get("exitCode").asInt());
    assertEquals(1875.0, j.get("capacity").asDouble());
    assertFalse(j.get("capacityIsLowerBound").asBoolean());
    assertEquals(1937.5, j.get("lowestFailingRate").asDouble());
    assertTrue(j.get("generatorLimitRate").isNull());
    assertEquals(1500.0, j.get("require").asDouble());
    assertTrue(j.get("requireMet").asBoolean());
    assertEquals("p99 < 50ms", j.get("slo").get(0).asText());
    assertEquals(5.0, j.get("config").get("precision").asDouble(), "percent");
    assertTrue(j.get("config").get("connections").isNull(), "sized per step");
    JsonNode cap = j.get("capacityStep");
    assertEquals(6, cap.get("step").asInt());
    assertEquals(12.0, cap.get("latency").get("p99").asDouble(), "milliseconds");
    assertEquals(7, j.get("steps").size());
    assertEquals("bisect", j.get("steps").get(6).get("stage").asText());
    assertEquals("fail", j.get("steps").get(6).get("verdict").asText());
  }

  @Test
  void jsonOfAGeneratorLimitHasNoCapacity() throws Exception {
    JsonNode j = new ObjectMapper().readTree(CapacityJson.toBytes(generatorLimited()));
    assertEquals("generator-limit", j.get("outcome").asText());
    assertEquals(3, j.get("exitCode").asInt());
    assertTrue(j.get("capacity").isNull());
    assertTrue(j.get("capacityStep").isNull());
    assertEquals(32_000.0, j.get("highestPassingRate").asDouble());
    assertEquals(64_000.0, j.get("generatorLimitRate").asDouble());
    assertTrue(j.get("require").isNull());
  }

  @Test
  void textHasTheTableTheCapacityAndTheKnee() {
    String t = CapacityText.render(found());
    assertTrue(
        t.lines().anyMatch(l -> l.matches(" +7 +bisect +1937\\.5/s +1890\\.0/s +64 .* 50% +fail")),
        t);
    assertTrue(t.contains("capacity   1875.0/s (step 6): response p50 2.00ms"), t);
    assertTrue(
        t.contains("knee       between 1875.0/s (highest pass, p99 12.00ms) and 1937.5/s"), t);
    assertTrue(t.contains("require    1500.0/s: met"), t);
    assertTrue(t.endsWith("(exit 0)\n"), t);
    assertTrue(t.lines().reduce((a, b) -> b).orElseThrow().startsWith("outcome: FOUND - "), t);
  }

  @Test
  void textOfAGeneratorLimitSaysWhoseLimitItIs() {
    String t = CapacityText.render(generatorLimited());
    assertTrue(t.contains("capacity   none: the GENERATOR's limit was reached first"), t);
    assertTrue(t.contains("32000.0/s passed, a lower bound only"), t);
    assertTrue(t.contains("outcome: GENERATOR-LIMIT"), t);
    assertTrue(t.contains("   3  retry"), t);
  }

  @Test
  void htmlPlotsTheStepsAndMarksTheKnee() {
    String h = CapacityHtml.render(found());
    assertTrue(h.startsWith("<!DOCTYPE html>"), "a page");
    assertTrue(h.contains("<svg"), "inline plot");
    assertTrue(h.contains("knee: capacity 1875.0/s"), "knee marked");
    assertTrue(h.contains("fill=\"#fff3cd\""), "band between highest pass and lowest failure");
    assertTrue(h.contains("SLO p99 &lt; 50ms"), "latency SLO drawn, text escaped");
    assertEquals(7, count(h, "<circle"), "a p99 point per step");
    assertEquals(
        7, count(h, "<rect class=\"series\" data-name=\"achieved\""), "an achieved point per step");
    assertFalse(h.contains("<script") || h.contains("src=") || h.contains("href="), "no network");
  }

  @Test
  void htmlOfAGeneratorLimitMarksItAndPlotsOnlyMeasuredSteps() {
    String h = CapacityHtml.render(generatorLimited());
    assertTrue(h.contains("generator limit"), h);
    assertFalse(h.contains("knee: capacity"), "no capacity to mark");
    assertEquals(1, count(h, "<circle"), "steps the generator could not hold are not plotted");
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
