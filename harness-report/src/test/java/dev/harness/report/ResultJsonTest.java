package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ResultJsonTest {

  @Test
  void headerNamesSchemaToolVerdictStartAndTarget() {
    ObjectNode json = ResultJson.toJson(Results.result());

    assertEquals(
        RunResult.SCHEMA,
        json.get("schema").asInt(),
        "schema: expected " + RunResult.SCHEMA + ", got " + json.get("schema"));
    assertText("harness", json, "tool");
    assertText("fail", json, "verdict");
    assertTrue(
        json.get("reason").isNull(),
        "reason: expected null for a plain fail, got " + json.get("reason"));
    assertText("2025-03-01T12:00:00.123Z", json, "startedAt");
    assertText("http://127.0.0.1:8080/", json, "target");
  }

  @Test
  void configCarriesModelConcurrencyTimeoutMethodAndPhaseRates() {
    JsonNode config = ResultJson.toJson(Results.result()).get("config");

    assertText("open", config, "model");
    assertNumber(2, config, "workers");
    assertNumber(8, config, "connections");
    assertNumber(2000.0, config, "timeoutMs");
    assertText("GET", config, "method");
    JsonNode phases = config.get("phases");
    assertEquals(2, phases.size(), "config.phases: expected 2, got " + phases);
    assertText("warmup", phases.get(0), "name");
    assertNumber(5.0, phases.get(0), "durationSeconds");
    assertTrue(
        phases.get(0).get("warmup").asBoolean(),
        "config.phases[0].warmup: expected true, got " + phases.get(0));
    assertNumber(100.0, phases.get(1), "rate");
  }

  @Test
  void closedModelHasNoOfferedRateInItsPhases() {
    Stats m = Results.steady();
    JsonNode config =
        ResultJson.toJson(
                Results.result(LoadModel.CLOSED, m, Results.generator(0, 1000), Verdict.PASS, null))
            .get("config");

    assertText("closed", config, "model");
    for (JsonNode p : config.get("phases")) {
      assertTrue(p.get("rate").isNull(), "closed model: expected rate null, got " + p);
    }
  }

  @Test
  void measuredFiguresComeFromTheMeasuredWindow() {
    ObjectNode json = ResultJson.toJson(Results.result());

    assertNumber(10.0, json, "durationSeconds");
    assertNumber(1000, json, "requests");
    assertNumber(20, json, "errors");
    assertNumber(2.0, json, "errorRate");
    assertNumber(100.0, json, "offeredRate");
    assertNumber(98.5, json, "achievedRate");
    assertNumber(1000, json, "scheduled");
    assertNumber(990, json, "sent");
  }

  @Test
  void outcomesListEveryLabelInOrderWithZerosIncluded() {
    JsonNode outcomes = ResultJson.toJson(Results.result()).get("outcomes");

    List<String> expected = new ArrayList<>();
    for (Outcome o : Outcome.values()) {
      expected.add(o.label());
    }
    expected.add("byStatus"); // answers by exact status, after the labels
    List<String> actual = new ArrayList<>();
    outcomes.fieldNames().forEachRemaining(actual::add);
    assertEquals(expected, actual, "outcome labels");
    assertNumber(980, outcomes, "2xx");
    assertNumber(0, outcomes, "3xx");
    assertNumber(0, outcomes, "connect_error");
    assertNumber(10, outcomes, "unsent");
  }

  @Test
  void latencyPercentilesAreTheHistogramsValuesInMilliseconds() {
    Stats m = Results.steady();
    JsonNode latency = ResultJson.toJson(Results.result()).get("latency");

    assertMatchesHistogram(m.response(), latency.get("response"), "latency.response");
    assertMatchesHistogram(m.service(), latency.get("service"), "latency.service");
    // 1..1000 ms recorded: the figures a reader expects, within HdrHistogram's 3 significant
    // digits.
    JsonNode response = latency.get("response");
    assertNear(500, response.get("p50").asDouble(), "latency.response.p50 (ms)");
    assertNear(990, response.get("p99").asDouble(), "latency.response.p99 (ms)");
    assertNear(1000, response.get("max").asDouble(), "latency.response.max (ms)");
    assertNear(1, response.get("min").asDouble(), "latency.response.min (ms)");
    assertNear(500.5, response.get("mean").asDouble(), "latency.response.mean (ms)");
  }

  @Test
  void millisecondsAreRoundedToThreeDecimals() {
    Histogram h = new Histogram(3);
    h.recordValue(1_234_567L);
    Stats m = new Stats(10 * Results.S, 1, 1, Results.outcomes(1, 0, 0, 0), h, h);
    JsonNode response =
        ResultJson.toJson(
                Results.result(LoadModel.OPEN, m, Results.generator(0, 1), Verdict.PASS, null))
            .get("latency")
            .get("response");

    double expected = Math.round(h.getValueAtPercentile(50) / 1e3) / 1e3;
    assertEquals(
        expected, response.get("p50").asDouble(), "p50 of one 1.234567ms value, ms to 3 decimals");
    assertEquals(1.235, expected, 0.001, "sanity: the recorded value is about 1.235ms");
  }

  @Test
  void emptyHistogramGivesCountZeroAndNullFiguresNeverZero() {
    Stats m =
        new Stats(
            10 * Results.S,
            100,
            0,
            Results.outcomes(0, 0, 0, 100),
            new Histogram(3),
            new Histogram(3));
    JsonNode latency =
        ResultJson.toJson(
                Results.result(
                    LoadModel.OPEN, m, Results.generator(0, 100), Verdict.INVALID, "unreachable"))
            .get("latency");

    for (String which : List.of("response", "service")) {
      JsonNode h = latency.get(which);
      assertEquals(0, h.get("count").asLong(), which + ".count: expected 0, got " + h.get("count"));
      for (String key :
          List.of("p50", "p90", "p95", "p99", "p999", "p9999", "max", "mean", "min")) {
        assertTrue(
            h.has(key) && h.get(key).isNull(),
            which + "." + key + ": expected null, got " + h.get(key));
      }
    }
  }

  @Test
  void eachPhaseHasItsOwnRatesOutcomesAndLatency() {
    JsonNode phases = ResultJson.toJson(Results.result()).get("phases");

    assertEquals(2, phases.size(), "phases: expected 2, got " + phases.size());
    JsonNode warm = phases.get(0);
    assertText("warmup", warm, "name");
    assertTrue(
        warm.get("warmup").asBoolean(),
        "phases[0].warmup: expected true, got " + warm.get("warmup"));
    assertNumber(100.0, warm, "offeredRate");
    assertNumber(100.0, warm, "achievedRate");
    assertNumber(500, warm, "requests");
    assertNumber(0, warm, "errors");
    assertEquals(
        Outcome.count() + 1,
        warm.get("outcomes").size(),
        "phases[0].outcomes: every label and byStatus, got " + warm.get("outcomes"));
    assertMatchesHistogram(
        Results.warmup().response(),
        warm.get("latency").get("response"),
        "phases[0].latency.response");
    JsonNode steady = phases.get(1);
    assertFalse(
        steady.get("warmup").asBoolean(),
        "phases[1].warmup: expected false, got " + steady.get("warmup"));
    assertNumber(20, steady, "errors");
  }

  @Test
  void intervalsGiveTimeSeriesWithNonZeroOutcomesOnly() {
    JsonNode intervals = ResultJson.toJson(Results.result()).get("intervals");

    assertEquals(3, intervals.size(), "intervals: expected 3, got " + intervals.size());
    JsonNode second = intervals.get(1);
    assertNumber(1.0, second, "t");
    assertNumber(1.0, second, "seconds");
    assertNumber(100, second, "scheduled");
    assertNumber(90, second, "sent");
    assertNumber(85, second, "responses");
    assertNumber(5, second, "errors");
    assertNumber(85.0, second, "achievedRate");
    assertNumber(20.0, second, "p50");
    assertNumber(30.0, second, "p90");
    assertNumber(40.0, second, "p99");
    assertNumber(50.0, second, "max");
    List<String> labels = new ArrayList<>();
    second.get("outcomes").fieldNames().forEachRemaining(labels::add);
    assertEquals(List.of("2xx", "5xx"), labels, "intervals[1].outcomes labels");

    JsonNode last = intervals.get(2);
    assertNumber(0.5, last, "seconds");
    assertEquals(
        0,
        last.get("outcomes").size(),
        "empty interval: expected no outcome labels, got " + last.get("outcomes"));
    for (String key : List.of("p50", "p90", "p99", "max")) {
      assertTrue(
          last.get(key).isNull(),
          "empty interval " + key + ": expected null, got " + last.get(key));
    }
  }

  @Test
  void generatorReportsLatenessAsPercentAndDispatchLagInMilliseconds() {
    JsonNode g =
        ResultJson.toJson(
                Results.result(
                    LoadModel.OPEN,
                    Results.steady(),
                    Results.generator(300, 1000),
                    Verdict.INVALID,
                    "generator overloaded"))
            .get("generator");

    assertNumber(2, g, "workers");
    assertNumber(1000, g, "arrivals");
    assertNumber(300, g, "lateArrivals");
    assertNumber(30.0, g, "lateRatio");
    assertFalse(
        g.get("heldSchedule").asBoolean(),
        "3 of 10 seconds behind: expected heldSchedule false, got " + g.get("heldSchedule"));
    assertEquals("red", g.get("health").asText(), "health");
    assertNumber(3, g.get("rule"), "behindSeconds");
    assertNumber(1, g.get("rule"), "allowedBehindSeconds");
    assertEquals(10, g.get("seconds").size(), "one entry per second");
    assertNumber(12, g, "queuedForConnection");
    assertNumber(16.0, g, "lateThresholdMs");
    Histogram lag = Results.generator(300, 1000).dispatchLag();
    JsonNode d = g.get("dispatchLag");
    assertNumber(Math.round(lag.getValueAtPercentile(99) / 1e3) / 1e3, d, "p99");
    assertNumber(Math.round(lag.getMaxValue() / 1e3) / 1e3, d, "max");
    assertNear(0.505, d.get("mean").asDouble(), "dispatchLag.mean (ms)");
  }

  @Test
  void criteriaCarryExpressionActualValueTextAndOutcome() {
    RunResult r = Results.result();
    JsonNode criteria = ResultJson.toJson(r).get("criteria");

    assertEquals(2, criteria.size(), "criteria: expected 2, got " + criteria);
    JsonNode p99 = criteria.get(0);
    assertText("p99 < 5ms", p99, "expression");
    assertNumber(r.criteria().get(0).actual(), p99, "actual");
    assertText(r.criteria().get(0).actualText(), p99, "actualText");
    assertFalse(
        p99.get("passed").asBoolean(), "p99 of ~990ms < 5ms: expected passed false, got " + p99);
    assertTrue(
        criteria.get(1).get("passed").asBoolean(),
        "errors 2% < 5%: expected passed true, got " + criteria.get(1));
  }

  @Test
  void bytesAreIndentedUtf8ThatParseBackToTheSameTree() throws Exception {
    RunResult r =
        Results.result(
            LoadModel.OPEN,
            Results.steady(),
            Results.generator(0, 1500),
            Verdict.INTERRUPTED,
            "Abbruch über SIGINT");
    byte[] bytes = ResultJson.toBytes(r);

    JsonNode parsed = new ObjectMapper().readTree(bytes);
    // Parsing gives int nodes where the tree holds longs: compare numbers by value.
    Comparator<JsonNode> sameValue =
        (a, b) ->
            a.equals(b) || (a.isNumber() && b.isNumber() && a.asDouble() == b.asDouble()) ? 0 : 1;
    ObjectNode tree = ResultJson.toJson(r);
    assertTrue(
        tree.equals(sameValue, parsed), "parsed bytes: expected\n" + tree + "\ngot\n" + parsed);
    assertText("Abbruch über SIGINT", parsed, "reason");
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertTrue(
        text.startsWith("{\n  \"schema\" : 1,"),
        "expected indented JSON starting with the schema, got " + text.substring(0, 40));
    assertTrue(text.endsWith("}\n"), "expected a final newline");
  }

  private static void assertMatchesHistogram(Histogram h, JsonNode n, String where) {
    assertEquals(h.getTotalCount(), n.get("count").asLong(), where + ".count");
    String[] keys = {"p50", "p90", "p95", "p99", "p999", "p9999"};
    double[] percentiles = {50, 90, 95, 99, 99.9, 99.99};
    for (int i = 0; i < keys.length; i++) {
      double expected = Math.round(h.getValueAtPercentile(percentiles[i]) / 1e3) / 1e3;
      assertNumber(expected, n, keys[i]);
    }
    assertNumber(Math.round(h.getMaxValue() / 1e3) / 1e3, n, "max");
    assertNumber(Math.round(h.getMinValue() / 1e3) / 1e3, n, "min");
    assertNumber(Math.round(h.getMean() / 1e3) / 1e3, n, "mean");
  }

  private static void assertText(String expected, JsonNode n, String key) {
    JsonNode v = n.get(key);
    assertTrue(v != null && v.isTextual(), key + ": expected text '" + expected + "', got " + v);
    assertEquals(
        expected, v.asText(), key + ": expected '" + expected + "', got '" + v.asText() + "'");
  }

  private static void assertNumber(double expected, JsonNode n, String key) {
    JsonNode v = n.get(key);
    assertTrue(v != null && v.isNumber(), key + ": expected number " + expected + ", got " + v);
    assertEquals(expected, v.asDouble(), 1e-9, key + ": expected " + expected + ", got " + v);
  }

  /**
   * Within HdrHistogram's precision at 3 significant digits (0.1 %), plus the 3-decimal rounding.
   */
  private static void assertNear(double expected, double actual, String what) {
    assertEquals(
        expected,
        actual,
        expected * 0.001 + 0.001,
        what + ": expected about " + expected + ", got " + actual);
  }
}
