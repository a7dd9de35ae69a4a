package dev.harness.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Protocol;
import dev.harness.engine.model.RunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code websocket:} section of scenario files: what it makes of a run, what it refuses. */
class WebSocketSectionTest {
  private static final String PHASES = "phases:\n  - {name: main, duration: 2s, rate: 10}\n";

  private static Path write(Path dir, String yaml) throws IOException {
    Path f = dir.resolve("ws.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void aWsTargetWithItsSectionIsAWebSocketRunWithoutRequests(@TempDir Path dir) throws Exception {
    Path f =
        write(
            dir,
            "target: ws://127.0.0.1:8080/ws/chat/\nconnections: 20\n"
                + "websocket:\n  message: 'hi ${counter}'\n  rooms: 4\n  expectTimeout: 2s\n"
                + PHASES);
    RunSpec spec = ScenarioLoader.load(f, Overrides.NONE).spec();
    assertEquals(Protocol.WEBSOCKET, spec.protocol());
    assertEquals(4, spec.websocket().rooms());
    assertEquals(2_000_000_000L, spec.timeoutNanos(), "expectTimeout is the message timeout");
    assertEquals("ws://127.0.0.1:8080/ws/chat/", spec.url());
    assertEquals(WebSocketSection.NAME, spec.names().get(0));
  }

  @Test
  void theSectionNeedsAWsTargetAndNamesItsLine(@TempDir Path dir) throws Exception {
    Path f = write(dir, "target: http://127.0.0.1:8080/\nwebsocket:\n  message: hi\n" + PHASES);
    ScenarioException e =
        assertThrows(ScenarioException.class, () -> ScenarioLoader.load(f, Overrides.NONE));
    assertTrue(e.getMessage().startsWith("ws.yaml:3: websocket"), e.getMessage());
    assertTrue(e.getMessage().contains("ws:// or wss://"), e.getMessage());
  }

  @Test
  void aChatMessageWithoutItsCounterIsRefused(@TempDir Path dir) throws Exception {
    Path f =
        write(
            dir,
            "target: ws://127.0.0.1:8080/ws/chat/\nconnections: 20\n"
                + "websocket:\n  message: hello\n  rooms: 4\n"
                + PHASES);
    ScenarioException e =
        assertThrows(ScenarioException.class, () -> ScenarioLoader.load(f, Overrides.NONE));
    assertTrue(e.getMessage().contains("${counter}"), e.getMessage());
  }
}
