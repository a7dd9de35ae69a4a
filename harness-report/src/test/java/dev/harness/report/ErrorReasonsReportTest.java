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

/** Why requests were protocol or request errors reaches result.json and every report. */
class ErrorReasonsReportTest {
  private static RunResult withReasons() {
    RunResult r = Results.result();
    return r.toBuilder()
        .errorReasons(
            List.of(
                new ErrorReason(Outcome.PROTOCOL_ERROR, "bad Content-Length", 412),
                new ErrorReason(Outcome.PROTOCOL_ERROR, "status line <longer> than 4096 bytes", 7),
                new ErrorReason(
                    Outcome.REQUEST_ERROR,
                    "path holds a line break (0x0D), which would change the request",
                    3)))
        .build();
  }

  @Test
  void resultJsonListsProtocolAndRequestErrorReasonsWithCounts() {
    ObjectNode json = ResultJson.toJson(withReasons());
    JsonNode p = json.get("protocolErrors");
    assertEquals(2, p.size(), json.toString());
    assertEquals("bad Content-Length", p.get(0).get("reason").asText());
    assertEquals(412, p.get(0).get("count").asLong());
    assertEquals(3, json.get("requestErrors").get(0).get("count").asLong());
    assertEquals(0, ResultJson.toJson(Results.result()).get("protocolErrors").size());
  }

  @Test
  void theSummaryNamesEachReasonAndItReadsBackFromTheJson() {
    RunReport back = ResultReader.parse(ResultJson.toJson(withReasons(), null), Map.of(), Map.of());
    assertEquals(3, back.errorReasons().size());
    String s = TextSummary.render(back, false);
    assertTrue(s.contains("protocol   bad Content-Length: 412"), s);
    assertTrue(s.contains("req error  path holds a line break (0x0D)"), s);
  }

  @Test
  void htmlMarkdownAndJunitListEachReasonWithItsCount() {
    RunReport back = ResultReader.parse(ResultJson.toJson(withReasons(), null), Map.of(), Map.of());
    String html = HtmlReport.render(back, null);
    assertTrue(html.contains("<h2>Protocol and request errors</h2>"), html);
    assertTrue(
        html.contains("<td>protocol_error</td><td>412</td><td><code>bad Content-Length</code>"),
        html);
    assertTrue(html.contains("<code>status line &lt;longer&gt; than 4096 bytes</code>"), html);
    assertTrue(html.contains("<td>request_error</td><td>3</td>"), html);

    String md = Markdown.render(back, null);
    assertTrue(md.contains("### Protocol and request errors"), md);
    assertTrue(md.contains("| protocol_error | 412 | bad Content-Length |"), md);
    assertTrue(md.contains("| request_error | 3 | path holds a line break (0x0D)"), md);

    String xml = JunitReport.render(back, null);
    assertTrue(
        xml.contains("<property name=\"protocolError.1\" value=\"bad Content-Length: 412\"/>"),
        xml);
    assertTrue(
        xml.contains(
            "<property name=\"protocolError.2\" value=\"status line &lt;longer&gt; than 4096"
                + " bytes: 7\"/>"),
        xml);
    assertTrue(xml.contains("<property name=\"requestError.1\" value=\"path holds"), xml);
  }

  @Test
  void aRunWithoutErrorReasonsHasNoSuchSection() {
    RunReport back =
        ResultReader.parse(ResultJson.toJson(Results.result(), null), Map.of(), Map.of());
    assertTrue(!HtmlReport.render(back, null).contains("Protocol and request errors"));
    assertTrue(!Markdown.render(back, null).contains("Protocol and request errors"));
    assertTrue(!JunitReport.render(back, null).contains("protocolError."));
  }
}
