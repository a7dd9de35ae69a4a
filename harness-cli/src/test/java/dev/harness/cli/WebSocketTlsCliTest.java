package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.testkit.TlsTargetExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket over TLS end to end against the embedded target serving HTTPS: a {@code wss://} run,
 * and a flow that logs in over {@code https://} and opens its socket with the token.
 */
class WebSocketTlsCliTest {
  @RegisterExtension static final TlsTargetExtension target = new TlsTargetExtension();

  @Test
  void wssEchoRunsWithTheCertificateAsCa() {
    String url = target.url().replace("https://", "wss://") + "/ws/echo";
    Cli r =
        Cli.run("run", url, "--ca", target.cert().toString(), "-c", "2", "-R", "20", "-d", "1s");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("websocket  " + url), r.out());
    assertTrue(r.out().contains("outcomes   2xx 20 "), r.out());
  }

  @Test
  void aLoginThenChatFlowOverHttpsOpensItsSocketOverTls(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("flow.yaml");
    Files.writeString(
        f,
        """
        phases:
          - {name: main, duration: 1s, rate: 10}
        flows:
          - name: chat
            steps:
              - {name: csrf, path: /api/auth/csrf-token, extract: {csrf: {json: /csrfToken}}}
              - name: login
                method: POST
                path: /api/auth/token
                headers: {X-CSRF-Token: '${csrf}'}
                body: '{"username": "u${counter}", "password": "pw"}'
                extract: {jwt: {json: /accessToken}}
              - {name: join, connect: '/ws/auth/chat/tls', headers: {Authorization: 'Bearer ${jwt}'}}
              - {name: say, send: 'hi ${counter}'}
              - {name: back, expect: {json: {/text: 'hi ${counter}'}}}
              - {name: leave, close: 1000}
        """);
    Cli r =
        Cli.run("run", f.toString(), "--target", target.url(), "--ca", target.cert().toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("websocket  wss://"), r.out());
    assertTrue(r.out().contains("outcomes   2xx 60 "), "six steps of ten flows:\n" + r.out());
  }

  @Test
  void validateNamesAMisplacedStepOnOneLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(
        f,
        """
        target: http://127.0.0.1:8080
        phases:
          - {name: main, duration: 1s, rate: 10}
        flows:
          - name: chat
            steps:
              - {name: hello, send: hi}
        """);
    Cli r = Cli.run("validate", f.toString());
    assertEquals(Main.USAGE, r.exitCode(), r.toString());
    assertEquals(1, r.err().strip().lines().count(), r.toString());
    assertTrue(
        r.err().contains("bad.yaml:7: flows[0].steps[0]: send needs an open socket"), r.toString());
  }
}
