package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.result.ErrorReason;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.RunResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Why requests were protocol or request errors reaches result.json and the text summary. */
class ErrorReasonsReportTest {
  private static RunResult withReasons() {
    RunResult r = Results.result();
    return new RunResult(
        r.spec(),
        r.startedAt(),
        r.verdict(),
        r.reason(),
        r.phases(),
        r.measured(),
        r.intervals(),
        r.generator(),
        r.criteria(),
        r.requests(),
        r.resilience(),
        r.probe(),
        r.connections(),
        r.checkFailures(),
        List.of(
            new ErrorReason(Outcome.PROTOCOL_ERROR, "bad Content-Length", 412),
            new ErrorReason(
                Outcome.REQUEST_ERROR,
                "path holds a line break (0x0D), which would change the request",
                3)),
        r.http2());
  }

  @Test
  void resultJsonListsProtocolAndRequestErrorReasonsWithCounts() {
    ObjectNode json = ResultJson.toJson(withReasons());
    JsonNode p = json.get("protocolErrors");
    assertEquals(1, p.size(), json.toString());
    assertEquals("bad Content-Length", p.get(0).get("reason").asText());
    assertEquals(412, p.get(0).get("count").asLong());
    assertEquals(3, json.get("requestErrors").get(0).get("count").asLong());
    assertEquals(0, ResultJson.toJson(Results.result()).get("protocolErrors").size());
  }

  @Test
  void theSummaryNamesEachReasonAndItReadsBackFromTheJson() {
    RunReport back = ResultReader.parse(ResultJson.toJson(withReasons(), null), Map.of(), Map.of());
    assertEquals(2, back.errorReasons().size());
    String s = TextSummary.render(back, false);
    assertTrue(s.contains("protocol   bad Content-Length: 412"), s);
    assertTrue(s.contains("req error  path holds a line break (0x0D)"), s);
  }
}
