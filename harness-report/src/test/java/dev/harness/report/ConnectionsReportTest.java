package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.result.ConnectionStats;
import dev.harness.engine.result.RunResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connections and TLS figures: written to result.json, read back, shown in text and HTML. */
class ConnectionsReportTest {
  private static RunResult withConnections(ConnectionStats c) {
    RunResult r = Results.result();
    return r.toBuilder().connections(c).build();
  }

  private static ConnectionStats tls(boolean insecure) {
    return new ConnectionStats(
        40,
        2,
        Results.histogram(40, 200_000L),
        true,
        "openssl",
        insecure,
        40,
        30,
        Results.histogram(40, 2_000_000L),
        "TLSv1.3",
        "TLS_AES_128_GCM_SHA256",
        "http/1.1");
  }

  @Test
  void tlsFiguresSurviveTheRoundTripThroughResultJson() {
    RunReport back =
        ResultReader.parse(ResultJson.toJson(withConnections(tls(false))), null, Map.of());
    Connections c = back.connections();
    assertEquals(40, c.opened());
    assertEquals(2, c.failed());
    assertEquals(40, c.connect().count());
    assertEquals("openssl", c.tls().provider());
    assertEquals("TLSv1.3", c.tls().version());
    assertEquals("TLS_AES_128_GCM_SHA256", c.tls().cipher());
    assertEquals("http/1.1", c.tls().alpn());
    assertEquals(30, c.tls().resumed());
    assertEquals(40, c.tls().handshake().count());
  }

  @Test
  void theSummaryAndTheHtmlShowTheHandshakesAndAnInsecureRun() {
    RunReport r = RunReport.of(withConnections(tls(true)), null);
    String text = TextSummary.render(r, false);
    assertTrue(text.contains("40 (30 resumed)"), text);
    assertTrue(text.contains("TLSv1.3 TLS_AES_128_GCM_SHA256 via openssl"), text);
    assertTrue(text.contains("INSECURE"), text);
    String html = HtmlReport.render(r);
    assertTrue(html.contains("id=\"connections\""), "a connections section");
    assertTrue(html.contains("INSECURE"), "insecure is said in the HTML report");
  }

  @Test
  void theMarkdownSummaryShowsTheProtocolAndTheConnectionRowsOfTheText() {
    RunReport r = RunReport.of(withConnections(tls(false)), null);
    String md = Markdown.render(r, null);
    String text = TextSummary.render(r, false);
    assertTrue(md.contains("### Connections"), md);
    assertTrue(md.contains("| protocol | http/1.1 |"), md);
    for (String[] row : r.connections().rows()) {
      assertTrue(text.contains(row[1]), "the text summary has it too: " + row[1]);
      assertTrue(md.contains("| " + row[0] + " | " + Markdown.escape(row[1]) + " |"), md);
    }
    assertTrue(md.contains("TLSv1.3 TLS\\_AES\\_128\\_GCM\\_SHA256 via openssl"), md);
  }

  @Test
  void aResultWithoutConnectionsReadsBackWithout() {
    RunReport back = ResultReader.parse(ResultJson.toJson(Results.result()), null, Map.of());
    assertNull(back.connections());
  }
}
