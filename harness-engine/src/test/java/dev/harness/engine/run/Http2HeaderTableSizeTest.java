package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Protocol;
import dev.harness.engine.result.ErrorReason;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.target.TargetServer;
import dev.harness.engine.testkit.Specs;
import org.junit.jupiter.api.Test;

/**
 * {@code --h2-header-table-size 0}: a server that honours it answers as before; one that keeps
 * indexing in HTTP/2's default table fails the connection, and the run says why in one line.
 */
class Http2HeaderTableSizeTest {
  private static final String IGNORED = "the server did not honour --h2-header-table-size 0";

  private static RunResult run(String url, double rate) throws Exception {
    return Runs.run(
        Specs.open(url, rate, 1, 1, 1).toBuilder()
            .protocol(Protocol.H2C)
            .headerTableSize(0)
            .build());
  }

  @Test
  void theEmbeddedTargetAnswersEveryRequest() throws Exception {
    try (TargetServer target = TargetServer.start(TargetConfig.builder().http2(true).build())) {
      RunResult r = run(target.url() + "/", 200);
      OutcomeCounts o = r.measured().outcomes();
      assertEquals(200, o.get(Outcome.S2XX), o.toString());
      assertEquals(0, r.measured().errors(), o.toString());
      assertEquals(0, r.http2().headerTableSize(), r.http2().toString());
    }
  }

  @Test
  void theServerSeesTableSizeZeroAndAnswers() throws Exception {
    try (HeaderTableServer server = new HeaderTableServer(true)) {
      RunResult r = run(server.url(), 100);
      OutcomeCounts o = r.measured().outcomes();
      assertEquals(0, server.seen.get(), "SETTINGS_HEADER_TABLE_SIZE the server read");
      assertEquals(100, o.get(Outcome.S2XX), o.toString());
      assertEquals(0, r.measured().errors(), o.toString());
    }
  }

  @Test
  void aServerThatKeepsItsTableIsNamedInOneLine() throws Exception {
    try (HeaderTableServer server = new HeaderTableServer(false)) {
      RunResult r = run(server.url(), 20);
      OutcomeCounts o = r.measured().outcomes();
      assertEquals(0, server.seen.get(), "SETTINGS_HEADER_TABLE_SIZE the server read");
      assertEquals(0, o.get(Outcome.S2XX), o.toString());
      assertTrue(o.get(Outcome.PROTOCOL_ERROR) > 0, o.toString());
      ErrorReason reason =
          r.errorReasons().stream()
              .filter(e -> e.reason().startsWith(IGNORED))
              .findFirst()
              .orElse(null);
      assertNotNull(reason, r.errorReasons().toString());
      assertEquals(Outcome.PROTOCOL_ERROR, reason.outcome());
      assertTrue(!reason.reason().contains("\n"), reason.reason());
      assertTrue(r.reason() != null && r.reason().contains(IGNORED), r.reason());
    }
  }
}
