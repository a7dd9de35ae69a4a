package dev.harness.engine.run;

import static dev.harness.engine.testkit.Specs.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.WebSocketStats;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * WebSocket load at its rate against a server not written by us (python3-websockets), and against
 * one that stalls: the round trip is measured from each message's intended send.
 */
@Tag("timing")
class WebSocketPeerTest {

  @Test
  void keepsTheRateAgainstPythonWebsocketsWhichCountsEveryMessage() throws Exception {
    try (PythonEcho echo = PythonEcho.start()) {
      RunResult r = Runs.run(WebSocketRunTest.ws(echo.url(), 1000, 10, 50));
      long counted = echo.stopAndCount();
      Stats m = r.measured();
      WebSocketStats w = r.websocket();
      assertEquals(10_000, m.scheduled(), "1000 messages/s for 10 s (issue 17's interop check)");
      assertEquals(0, m.errors(), "no errors: " + m.outcomes() + " " + r.errorReasons());
      assertEquals(10_000, m.outcomes().get(Outcome.S2XX), "all answered: " + m.outcomes());
      assertTrue(
          Math.abs(m.achievedRate() - 1000) <= 20,
          "replies within 2% of 1000/s: " + m.achievedRate());
      assertEquals(w.sent(), counted, "the server received every message sent: " + w.describe());
      assertEquals(0, w.unmatched(), "no stray replies: " + w.describe());
    }
  }

  @Test
  void reportsAStallInTheRoundTripWhileServiceTimeStaysLow() throws Exception {
    // Every reply due in a 500 ms window every 5 s is held to the window's end (windows at 0 and
    // 5 s from the server's start, the second inside the 6 s run): about a tenth of the messages
    // wait up to 500 ms. Measured from the actual send of the next free socket, or by taking the
    // next frame as the reply, the stall would hide.
    try (WsTestServer server = new WsTestServer(500_000_000L, 5 * SECOND, 0, 0)) {
      RunResult r = Runs.run(WebSocketRunTest.ws(server.url(), 1000, 6, 50));
      Stats m = r.measured();
      long p99 = m.response().getValueAtPercentile(99);
      long serviceP50 = m.service().getValueAtPercentile(50);
      assertTrue(p99 > 400_000_000L, "round-trip p99 over 400 ms, got " + p99 / 1e6 + " ms");
      assertTrue(
          serviceP50 < 50_000_000L,
          "service p50 stays low outside stalls, got " + serviceP50 / 1e6 + " ms");
      assertEquals(0, m.errors(), "stalls delay replies, they do not fail them: " + m.outcomes());
      assertEquals(6_000, m.requests(), "no message skipped during stalls");
    }
  }
}
