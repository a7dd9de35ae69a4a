package dev.harness.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.SocketStep;
import dev.harness.engine.model.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WebSocket steps of a flow in scenario files: what they become, and what validation refuses. */
class SocketStepSectionTest {
  private static final String HEAD =
      "target: http://127.0.0.1:8080\nphases:\n  - {name: main, duration: 2s, rate: 10}\n"
          + "flows:\n  - name: chat\n    steps:\n";

  @TempDir Path dir;

  private RunSpec load(String steps) throws IOException {
    return load(HEAD, steps);
  }

  private RunSpec load(String head, String steps) throws IOException {
    Path f = dir.resolve("flow.yaml");
    Files.writeString(f, head + steps);
    return ScenarioLoader.load(f, Overrides.NONE).spec();
  }

  /** The one-line error loading {@code steps} gives. */
  private String error(String steps) {
    return error(HEAD, steps);
  }

  private String error(String head, String steps) {
    ScenarioException e = assertThrows(ScenarioException.class, () -> load(head, steps));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void stepsBecomeSocketStepsWithDefaultNamesAndSleepIsThePauseBeforeTheNextStep()
      throws Exception {
    RunSpec spec =
        load(
            """
                  - {path: /api/auth/csrf-token, extract: {csrf: {json: /csrfToken}}}
                  - connect: ws://127.0.0.1:8080/ws/auth/chat/1?token=${csrf}
                    headers: {Authorization: 'Bearer ${csrf}'}
                    timeout: 1s
                  - {send: 'hi ${counter}'}
                  - {send: 'again'}
                  - sleep: 250ms
                  - expect: {json: {/type: message}, regex: '.*hi.*'}
                    extract: {from: {json: /from}}
                  - close:
            """);
    List<Step> steps = spec.flows().get(0).steps();
    assertEquals(
        List.of("GET /api/auth/csrf-token", "connect", "send", "send 2", "expect", "close"),
        spec.names());
    SocketStep.Connect c = (SocketStep.Connect) steps.get(1).socket();
    assertEquals("/ws/auth/chat/1?token=${csrf}", c.path().toString());
    assertEquals(1_000_000_000L, c.timeoutNanos());
    assertNull(steps.get(0).socket(), "a step with a path is an HTTP step");
    assertEquals(250_000_000L, steps.get(4).pauseNanos(), "the sleep comes before the expect");
    assertEquals(0, steps.get(3).pauseNanos());
    assertEquals(1000, ((SocketStep.Close) steps.get(5).socket()).code());
    assertEquals("from", steps.get(4).extracts().get(0).variable());
  }

  @Test
  void validationRefusesMisusedStepsWithTheirLine() {
    assertTrue(
        error("      - {send: hi}\n")
            .equals(
                "flow.yaml:7: flows[0].steps[0]: send needs an open socket: put a connect step"
                    + " before it"),
        error("      - {send: hi}\n"));
    String unknown = error("      - {connect: /ws/echo}\n      - {send: hi, timeout: 1s}\n");
    assertTrue(unknown.contains("unknown key 'timeout'"), unknown);
    String expectFirst = error("      - {expect: pong}\n");
    assertTrue(expectFirst.contains("expect needs an open socket"), expectFirst);
    String twice = error("      - {connect: /ws/echo}\n      - {connect: /ws/echo}\n");
    assertTrue(twice.contains("already open"), twice);
    String both = error("      - {connect: /ws/echo, send: hi}\n");
    assertTrue(both.contains("give one of connect, send, not several"), both);
    String neither = error("      - {name: what}\n");
    assertTrue(neither.contains("needs path or url (an HTTP step) or one of connect"), neither);
    String lastSleep = error("      - {connect: /ws/echo}\n      - {sleep: 1s}\n");
    assertTrue(lastSleep.contains("cannot be the last step"), lastSleep);
    String firstSleep = error("      - {sleep: 1s}\n      - {connect: /ws/echo}\n");
    assertTrue(firstSleep.contains("cannot come first"), firstSleep);
    String elsewhere = error("      - {connect: 'ws://example.com:9000/ws'}\n");
    assertTrue(elsewhere.contains("but the target is http://127.0.0.1:8080/"), elsewhere);
    String unknownVar = error("      - {connect: /ws/echo}\n      - {send: '${token}'}\n");
    assertTrue(unknownVar.contains("unknown variable '${token}'"), unknownVar);
    String header =
        error("      - {connect: /ws/echo}\n      - {expect: x, extract: {v: {header: A}}}\n");
    assertTrue(header.contains("a frame has no headers"), header);
    String closed =
        error(
            "target: http://127.0.0.1:8080\nmodel: closed\nphases:\n"
                + "  - {name: main, duration: 2s}\nflows:\n  - name: chat\n    steps:\n",
            "      - {connect: /ws/echo}\n");
    assertTrue(closed.contains("open model only"), closed);
  }
}
