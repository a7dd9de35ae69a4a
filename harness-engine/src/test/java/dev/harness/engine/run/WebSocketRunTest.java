package dev.harness.engine.run;

import static dev.harness.engine.testkit.Specs.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Protocol;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Template;
import dev.harness.engine.model.WebSocketSpec;
import dev.harness.engine.proxy.FaultProxy;
import dev.harness.engine.proxy.ProxyConfig;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.WebSocketStats;
import dev.harness.engine.testkit.Specs;
import dev.harness.engine.testkit.TargetExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** WebSocket runs on loopback: the embedded target's echo and test servers that misbehave. */
class WebSocketRunTest {
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  static RunSpec ws(String url, double rate, long seconds, int sockets) {
    return Specs.open(url, rate, seconds, 1, sockets).toBuilder()
        .protocol(Protocol.WEBSOCKET)
        .build();
  }

  private static String wsUrl(String path) {
    return target.url(path).replaceFirst("^http://", "ws://");
  }

  @Test
  void everyMessageIsAnsweredByItsEcho() throws Exception {
    RunResult r = Runs.run(ws(wsUrl("/ws/echo"), 200, 2, 10));
    Stats m = r.measured();
    WebSocketStats w = r.websocket();
    assertEquals(400, m.scheduled(), "200 messages/s for 2 s");
    assertEquals(400, m.outcomes().get(Outcome.S2XX), "every message answered: " + m.outcomes());
    assertEquals(0, m.errors(), "no errors: " + m.outcomes());
    assertEquals(w.sent(), w.received(), "an echo for every message sent: " + w.describe());
    assertEquals(0, w.unmatched(), "no reply without its message: " + w.describe());
    assertEquals(10, w.opened(), "10 sockets opened once each: " + w.describe());
    assertEquals(10, w.connectTime().getTotalCount(), "a connect time per socket");
  }

  @Test
  void repliesAreMatchedByTheirExpectationNotByOrder() throws Exception {
    try (WsTestServer server = WsTestServer.swapping()) {
      RunResult r = Runs.run(ws(server.url(), 100, 1, 1));
      Stats m = r.measured();
      assertEquals(100, m.outcomes().get(Outcome.S2XX), "all answered: " + m.outcomes());
      assertEquals(0, r.websocket().unmatched(), "swapped replies still match their messages");
    }
  }

  @Test
  void aReplyThatMeetsNoExpectationIsUnmatchedAndItsMessageTimesOut() throws Exception {
    RunSpec spec =
        ws(wsUrl("/ws/echo"), 50, 1, 2).toBuilder()
            .timeoutNanos(SECOND / 2)
            .websocket(
                new WebSocketSpec(
                    Template.parse("hello ${counter}"), Template.parse("bye.*"), true, 0))
            .build();
    // Priming waits for answers that never come: the run still ends, each message a timeout.
    RunResult r = Runs.run(spec);
    Stats m = r.measured();
    assertEquals(50, m.outcomes().get(Outcome.TIMEOUT), "no reply matched: " + m.outcomes());
    assertTrue(r.websocket().unmatched() >= 50, "echoes unmatched: " + r.websocket().describe());
  }

  @Test
  void aChatDeliversEveryMessageToEachOtherMemberOfItsRoom() throws Exception {
    // 4 rooms of 5 users over 2 workers: each message goes to the 4 others of its room.
    RunSpec spec =
        Specs.open(wsUrl("/ws/chat/"), 200, 2, 2, 20).toBuilder()
            .protocol(Protocol.WEBSOCKET)
            .websocket(new WebSocketSpec(Template.parse("hi ${counter}"), null, false, 0, 4))
            .build();
    RunResult r = Runs.run(spec);
    Stats m = r.measured();
    WebSocketStats w = r.websocket();
    assertEquals(
        400, m.outcomes().get(Outcome.S2XX), "each message reached its room: " + m.outcomes());
    assertEquals(4, w.rooms(), "rooms: " + w.describe());
    assertEquals(
        w.sent() * 4, w.delivered(), "delivered = sent x (room size - 1): " + w.describe());
    assertEquals(w.delivered(), w.received(), "nothing else arrived: " + w.describe());
    assertEquals(
        400 * 4, w.fanOut().getTotalCount(), "a fan-out latency per receipt, priming excluded");
  }

  @Test
  void theFaultProxyPassesWebSocketTrafficInTcpMode() throws Exception {
    try (FaultProxy proxy =
        FaultProxy.start(
            ProxyConfig.to("127.0.0.1", target.port()).toBuilder().http(false).build())) {
      RunResult r = Runs.run(ws("ws://127.0.0.1:" + proxy.port() + "/ws/echo", 100, 1, 4));
      assertEquals(100, r.measured().outcomes().get(Outcome.S2XX), "" + r.measured().outcomes());
      assertEquals(0, r.websocket().unmatched(), r.websocket().describe());
    }
  }

  @Test
  void aRefusedUpgradeMakesTheTargetUnreachable() {
    TargetUnreachableException e =
        assertThrows(
            TargetUnreachableException.class, () -> Runs.run(ws(wsUrl("/status/404"), 10, 1, 2)));
    assertTrue(e.getMessage().contains("404"), "says the upgrade answer: " + e.getMessage());
  }

  @Test
  void aSocketClosedByTheServerIsCountedWithItsCodeAndReopened() throws Exception {
    try (WsTestServer server = new WsTestServer(0, 0, 50, 4001)) {
      RunResult r = Runs.run(ws(server.url(), 200, 2, 4));
      Stats m = r.measured();
      WebSocketStats w = r.websocket();
      assertEquals(400, m.scheduled(), "the schedule is kept");
      assertEquals(
          400, m.requests(), "every message ends in one outcome, none skipped: " + m.outcomes());
      long closedOutcomes = m.outcomes().get(Outcome.CLOSED);
      assertTrue(closedOutcomes >= 1, "messages cut by a close: " + m.outcomes());
      assertTrue(w.closedByServer() >= 5, "sockets closed after 50 messages: " + w.describe());
      assertEquals(Map.of(4001, w.closedByServer()), w.closeCodes(), "closes by their code: " + w);
      assertEquals(w.closedByServer(), w.reopened(), "each closed socket reopened: " + w);
      assertTrue(
          m.outcomes().get(Outcome.S2XX) + closedOutcomes >= 390,
          "the rest answered on reopened sockets: " + m.outcomes());
    }
  }
}
