package dev.harness.engine.scenario;

import dev.harness.engine.model.Flow;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.Target;
import dev.harness.engine.model.Template;
import dev.harness.engine.model.WebSocketSpec;
import dev.harness.engine.time.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code websocket:}, the messages of a run against a {@code ws://} or {@code wss://} target:
 * {@code message}, {@code expect} or {@code expectRegex}, {@code expectTimeout}, {@code
 * connectRate} and, for a chat, {@code rooms}. A WebSocket scenario needs no {@code requests:}:
 * each arrival is one message, recorded under the name {@code message}.
 */
final class WebSocketSection {
  private static final Set<String> KEYS =
      Set.of("message", "expect", "expectRegex", "expectTimeout", "connectRate", "rooms");

  /** The request name a WebSocket run's messages are recorded under. */
  static final String NAME = "message";

  private WebSocketSection() {}

  /** Whether the run is a WebSocket run: a {@code ws://} target or a {@code websocket:} section. */
  static boolean applies(Node node, String url) {
    return node != null || Target.isWebSocket(url);
  }

  /**
   * The messages, from {@code node} (null: the defaults, an echo of {@code message ${counter}}).
   */
  static WebSocketSpec spec(Node node, String url) {
    if (node == null) {
      return WebSocketSpec.ECHO;
    }
    if (!Target.isWebSocket(url)) {
      throw node.error("needs a ws:// or wss:// target, got '" + url + "'");
    }
    Map<String, Node> f = node.fields(KEYS);
    if (f.containsKey("expect") && f.containsKey("expectRegex")) {
      throw f.get("expect").error("give expect or expectRegex, not both");
    }
    Node expect = f.containsKey("expectRegex") ? f.get("expectRegex") : f.get("expect");
    try {
      return new WebSocketSpec(
          f.containsKey("message")
              ? Template.parse(f.get("message").text())
              : WebSocketSpec.ECHO.message(),
          expect == null ? null : Template.parse(expect.text()),
          f.containsKey("expectRegex"),
          f.containsKey("connectRate") ? f.get("connectRate").notNegative() : 0,
          f.containsKey("rooms") ? f.get("rooms").positiveInt() : 0);
    } catch (InvalidInputException e) {
      throw node.error(e);
    }
  }

  /** {@code websocket.expectTimeout}, or {@code timeout} when not given. */
  static long timeout(Node node, long timeout) {
    if (node == null) {
      return timeout;
    }
    Node t = node.entries().get("expectTimeout");
    return t == null ? timeout : t.positiveDuration();
  }

  /** The one flow of a WebSocket run: a message per arrival. */
  static List<Flow> flows(Target target) {
    return List.of(Flow.single(RequestSpec.of(NAME, "GET", target.path(), List.of(), null)));
  }
}
