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
import dev.harness.engine.result.CriterionResult;
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
        List.of(
            new CriterionResult(
                "p99 < 50ms", p99Ms, p99Ms + ".00ms", p99Ms < 50 || v != StepVerdict.FAIL)),
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
        t.lines()
            .anyMatch(
                l -> l.matches(" +7 +bisect +1937\\.5/s +1890\\.0/s +64 .* 50% +fail \\(slo\\)")),
        t);
    assertTrue(
        t.contains("capacity   1875.0/s (step 6, offered 1875.0/s): response p50 2.00ms"), t);
    assertTrue(
        t.contains(
            "knee       between 1875.0/s (highest pass, p99 12.00ms, achieved 1875.0/s) and"
                + " 1937.5/s"),
        t);
    assertTrue(t.contains("limit      SLO: the lowest failing rate broke it"), t);
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

  /** A p95 SLO: the target met it at every rate but served at most 1890/s. */
  private static CapacityResult throughputLimited() {
    CapacityPlan plan =
        new CapacityPlan(
            List.of(Criterion.parse("p95 < 500ms")), 500, 200_000, 0.05, 3 * SECOND, SECOND, 0, 0);
    java.util.function.BiFunction<Integer, double[], CapacityStep> step =
        (n, rateAchieved) -> {
          double rate = rateAchieved[0];
          double achieved = rateAchieved[1];
          boolean served = achieved >= rate * 0.98;
          java.util.SortedMap<Double, Long> p95 = new java.util.TreeMap<>();
          p95.put(95.0, 7 * MS);
          return new CapacityStep(
              n,
              n <= 3 ? Stage.GROW : Stage.BISECT,
              rate,
              64,
              served ? StepVerdict.PASS : StepVerdict.FAIL,
              served ? null : "achieved below the offered rate",
              achieved,
              (long) rate * 3,
              0,
              new CapacityStep.Latency(
                  (long) rate * 3, 2 * MS, 5 * MS, 9 * MS, 9 * MS, 11 * MS, p95),
              List.of(new CriterionResult("p95 < 500ms", 7, "7.00ms", true)),
              0,
              0.5);
        };
    return new CapacityResult(
        base(),
        plan,
        Instant.parse("2025-03-01T12:00:00Z"),
        60 * SECOND,
        List.of(
            step.apply(1, new double[] {500, 500}),
            step.apply(2, new double[] {1000, 1000}),
            step.apply(3, new double[] {2000, 1890}),
            step.apply(4, new double[] {1875, 1850})),
        SearchOutcome.FOUND,
        "1875.0/s is the highest rate that met the SLO; 2000.0/s met the SLO but the target"
            + " served only 1890.0/s of it (its throughput limit) (within 5%)");
  }

  @Test
  void aThroughputLimitIsNamedAndTheCapacityIsWhatWasServed() throws Exception {
    CapacityResult r = throughputLimited();
    String t = CapacityText.render(r);
    assertTrue(t.lines().anyMatch(l -> l.matches("step .* p50 +p95 +max +errors .*")), t);
    assertFalse(t.lines().anyMatch(l -> l.startsWith("step ") && l.contains("p99")), t);
    assertTrue(
        t.lines().anyMatch(l -> l.matches(" +3 +grow .* 7\\.00ms .* fail \\(throughput\\)")), t);
    assertTrue(t.contains("capacity   1850.0/s (step 4, offered 1875.0/s)"), t);
    assertTrue(t.contains("limit      throughput: the target served less than it was offered"), t);
    JsonNode j = new ObjectMapper().readTree(CapacityJson.toBytes(r));
    assertEquals(1850.0, j.get("capacity").asDouble(), "never above what was served");
    assertEquals(1875.0, j.get("capacityOfferedRate").asDouble());
    assertEquals("throughput", j.get("limit").asText());
    assertEquals("throughput", j.get("steps").get(2).get("failedOn").asText());
    assertEquals(7.0, j.get("steps").get(2).get("latency").get("p95").asDouble());
    assertEquals(2.0, j.get("config").get("rateTolerance").asDouble());
    String h = CapacityHtml.render(r);
    assertTrue(h.contains("<th>p50</th><th>p95</th><th>max</th>"), h);
    assertTrue(h.contains("fail (throughput)"), h);
    assertTrue(h.contains("Limit: throughput"), h);
    assertTrue(h.contains("capacity 1850.0/s (limit: throughput)"), h);
  }

  @Test
  void capacityFilesCarryTheSameMetadataBlockAsARun() throws Exception {
    RunInfo info = Results.info().withId("20250301T120000Z-abc123");
    String capacity = CapacityHtml.render(found(), info);
    String run = HtmlReport.render(RunReport.of(Results.realistic(), info));
    for (String row :
        List.of(
            "<tr><th>scenario</th>",
            "<tr><th>command</th>",
            "<tr><th>machine</th>",
            "<tr><th>version</th>",
            "<tr><th>run id</th>")) {
      String mine = rowOf(capacity, row);
      assertEquals(rowOf(run, row), mine, "capacity.html shows " + row + " as report.html does");
    }
    assertTrue(capacity.contains("<tr><th>started</th><td>"), "start time");
    assertFalse(capacity.contains("<tr><th>started</th><td>-</td>"), "a known start: " + capacity);

    JsonNode j = new ObjectMapper().readTree(CapacityJson.toBytes(found(), info));
    JsonNode runBlock = j.get("run");
    assertTrue(runBlock != null && runBlock.isObject(), "capacity.json has a run block: " + j);
    JsonNode expected =
        new ObjectMapper()
            .readTree(ResultJson.toBytes(ResultJson.toJson(Results.realistic(), info)));
    assertEquals(expected.get("run"), runBlock, "the same run block as result.json");
    assertTrue(j.get("startedAt").isTextual(), "start time");
  }

  private static String rowOf(String html, String start) {
    int at = html.indexOf(start);
    assertTrue(at >= 0, start + " in\n" + html);
    return html.substring(at, html.indexOf("</tr>", at));
  }
}
