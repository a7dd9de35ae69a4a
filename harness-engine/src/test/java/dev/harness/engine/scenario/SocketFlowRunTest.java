package dev.harness.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.ErrorReason;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.WebSocketStats;
import dev.harness.engine.run.LoadRun;
import dev.harness.engine.run.RunListener;
import dev.harness.engine.testkit.TargetExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flows with WebSocket steps against the embedded target: login over HTTP, the token on the
 * upgrade, send and expect, close; and the outcomes a failed step ends its flow with.
 */
class SocketFlowRunTest {
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  @TempDir static Path dir;

  static RunResult run(String yaml) throws Exception {
    Path f = Files.createTempFile(dir, "scenario", ".yaml");
    Files.writeString(f, "target: " + target.url() + "\ntimeout: 2s\n" + yaml);
    RunSpec spec = ScenarioLoader.load(f, Overrides.NONE).spec();
    return new LoadRun(spec, RunListener.NONE, 1_000_000_000L).execute();
  }

  static OutcomeCounts step(RunResult r, String name) {
    return r.requests().stream()
        .filter(q -> q.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step " + name + " in " + r.requests()))
        .stats()
        .outcomes();
  }

  @Test
  void loginThenChatRecordsEveryStepOfEveryFlowWithTheTokenFromTheLogin() throws Exception {
    RunResult r =
        run(
            """
            phases:
              - {name: main, duration: 2s, rate: 10}
            flows:
              - name: chat
                steps:
                  - name: csrf
                    path: /api/auth/csrf-token
                    extract: {csrf: {json: /csrfToken}}
                  - name: login
                    method: POST
                    path: /api/auth/token
                    headers: {X-CSRF-Token: '${csrf}'}
                    body: '{"username": "user${counter}", "password": "pw"}'
                    check: {status: 200}
                    extract: {jwt: {json: /accessToken}}
                  - name: join
                    connect: /ws/auth/chat/room1?token=${jwt}
                  - name: welcome
                    expect: {json: {/type: welcome, /user: 'user${counter}'}}
                    extract: {me: {json: /user}}
                  - {name: say, send: 'hi ${counter}'}
                  - name: back
                    expect: {json: {/from: '${me}', /text: 'hi ${counter}'}}
                  - sleep: 50ms
                  - {name: again, send: 'again ${counter}'}
                  - name: again back
                    expect: {regex: '.*"text":"again ${counter}"}'}
                  - {name: leave, close: 1000}
            """);
    for (String name :
        new String[] {
          "csrf", "login", "join", "welcome", "say", "back", "again", "again back", "leave"
        }) {
      OutcomeCounts o = step(r, name);
      assertEquals(20, o.total(), name + ": one per flow, " + o);
      assertEquals(20, o.get(Outcome.S2XX), name + ": every one passed, " + o);
    }
    assertEquals(0, r.measured().errors(), r.errorReasons().toString());
    WebSocketStats ws = r.websocket();
    assertEquals(20, ws.opened(), "one socket per flow");
    assertEquals(40, ws.sent(), "two messages per flow");
    assertEquals(0, ws.handshakeErrors());
    assertEquals(0, ws.closedByServer(), "every socket was closed by its flow: " + ws.closeCodes());
  }

  @Test
  void aFailedStepEndsItsFlowWithItsOutcome() throws Exception {
    RunResult r =
        run(
            """
            phases:
              - {name: main, duration: 2s, rate: 25}
            flows:
              - name: paced
                steps:
                  - {name: before nap, path: /health}
                  - {sleep: 100ms}
                  - {name: after nap, path: /health}
              - name: no-token
                steps:
                  - {name: join without token, connect: /ws/auth/chat/room2}
                  - {name: never sent, send: hi}
              - name: forged-token
                steps:
                  - name: join forged
                    connect: /ws/auth/chat/room2
                    headers: {Authorization: Bearer not.a.token}
              - name: never-matches
                steps:
                  - {name: echo join, connect: /ws/echo}
                  - {name: ping, send: ping}
                  - {name: pong, expect: pong, timeout: 300ms}
                  - {name: echo leave, close: 1000}
              - name: shut-out
                steps:
                  - {name: nowhere join, connect: /ws/nowhere}
                  - {name: nowhere expect, expect: anything}
            """);
    OutcomeCounts noToken = step(r, "join without token");
    OutcomeCounts forged = step(r, "join forged");
    OutcomeCounts pong = step(r, "pong");
    OutcomeCounts shut = step(r, "nowhere expect");
    assertEquals(noToken.total(), noToken.get(Outcome.HANDSHAKE_ERROR), noToken.toString());
    assertEquals(forged.total(), forged.get(Outcome.HANDSHAKE_ERROR), forged.toString());
    assertEquals(0, step(r, "never sent").total(), "a failed step ends its flow");
    assertEquals(step(r, "ping").total(), pong.get(Outcome.TIMEOUT), pong.toString());
    assertEquals(0, step(r, "echo leave").total(), "a timed-out expect ends its flow");
    assertEquals(shut.total(), shut.get(Outcome.CLOSED), shut.toString());
    OutcomeCounts after = step(r, "after nap");
    assertEquals(step(r, "before nap").total(), after.get(Outcome.S2XX), "sleeps end: " + after);
    assertEquals(
        50,
        step(r, "before nap").total()
            + noToken.total()
            + forged.total()
            + step(r, "echo join").total()
            + step(r, "nowhere join").total(),
        "every arrival started one flow");
    assertTrue(noToken.total() > 0 && forged.total() > 0 && pong.total() > 0 && shut.total() > 0);
    WebSocketStats ws = r.websocket();
    assertEquals(noToken.total() + forged.total(), ws.handshakeErrors());
    assertEquals(Map.of(1008, shut.total()), ws.closeCodes(), "the target's close code");
    assertTrue(
        r.errorReasons().stream()
            .map(ErrorReason::reason)
            .anyMatch(w -> w.startsWith("join forged: upgrade refused") && w.contains("401")),
        r.errorReasons().toString());
    assertTrue(
        r.errorReasons().stream()
            .map(ErrorReason::reason)
            .anyMatch(w -> w.equals("nowhere expect: socket closed by the target with code 1008")),
        r.errorReasons().toString());
  }
}
