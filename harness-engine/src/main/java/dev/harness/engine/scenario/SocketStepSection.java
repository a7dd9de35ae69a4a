package dev.harness.engine.scenario;

import dev.harness.engine.model.Check;
import dev.harness.engine.model.Extract;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.SocketStep;
import dev.harness.engine.model.Step;
import dev.harness.engine.model.Target;
import dev.harness.engine.model.Template;
import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the WebSocket steps of a flow: {@code connect}, {@code send}, {@code expect}, {@code
 * close}, and {@code sleep} (which becomes the pause before the step after it). A step is one of
 * these when it has that key and no {@code path} or {@code url} (an HTTP step's {@code expect} is
 * its statuses).
 */
final class SocketStepSection {
  static final List<String> ACTIONS = List.of("connect", "send", "expect", "sleep", "close");

  private static final Map<String, Set<String>> KEYS =
      Map.of(
          "connect", Set.of("name", "connect", "headers", "timeout"),
          "send", Set.of("name", "send"),
          "expect", Set.of("name", "expect", "extract", "timeout"),
          "close", Set.of("name", "close"),
          "sleep", Set.of("sleep"));

  private static final Set<String> EXPECT = Set.of("text", "regex", "contains", "json");

  private SocketStepSection() {}

  /**
   * The WebSocket action of a step node ({@code connect}, ...), or null for an HTTP step.
   *
   * @throws ScenarioException when the step is neither, or names two actions
   */
  static String action(Node node) {
    Map<String, Node> keys = node.entries();
    if (keys.containsKey("path") || keys.containsKey("url")) {
      return null;
    }
    List<String> found = new ArrayList<>();
    for (String a : ACTIONS) {
      if (keys.containsKey(a)) {
        found.add(a);
      }
    }
    if (found.isEmpty()) {
      throw node.error(
          "needs path or url (an HTTP step) or one of "
              + String.join(", ", ACTIONS)
              + " (a WebSocket step)");
    }
    if (found.size() > 1) {
      throw node.error("is one step: give one of " + String.join(", ", found) + ", not several");
    }
    return found.get(0);
  }

  /** A {@code sleep} step's length. */
  static long sleep(Node node) {
    return node.fields(KEYS.get("sleep")).get("sleep").positiveDuration();
  }

  /**
   * A WebSocket step other than sleep.
   *
   * @param names every request name of the file so far; the step's is added (a default name is the
   *     action, numbered when taken: {@code send}, {@code send 2})
   */
  static Step step(Node node, String action, Set<String> names, Target target) {
    Map<String, Node> f = node.fields(KEYS.get(action));
    String name;
    if (f.containsKey("name")) {
      name = f.get("name").name();
      if (!names.add(name)) {
        throw f.get("name").error("'" + name + "' names another request too; names must be unique");
      }
    } else {
      name = action;
      for (int n = 2; !names.add(name); n++) {
        name = action + " " + n;
      }
    }
    Node value = f.get(action);
    long timeout = f.containsKey("timeout") ? f.get("timeout").positiveDuration() : 0;
    try {
      SocketStep socket =
          switch (action) {
            case "connect" -> connect(value, f.get("headers"), timeout, target);
            case "send" -> new SocketStep.Send(Template.parse(value.text()));
            case "expect" -> expect(value, timeout);
            default ->
                new SocketStep.Close(
                    value.kind == Node.Kind.NULL
                            || (value.kind == Node.Kind.TEXT && value.text().isBlank())
                        ? SocketStep.Close.NORMAL
                        : value.positiveInt());
          };
      List<Extract> extracts = List.of();
      if (f.containsKey("extract")) {
        extracts = CheckSection.extracts(f.get("extract"));
        for (Extract e : extracts) {
          if (e.source() instanceof Extract.HeaderValue) {
            throw f.get("extract")
                .error("." + e.variable() + ": a frame has no headers: use json or regex");
          }
        }
      }
      return Step.ofSocket(name, target.path(), socket, extracts);
    } catch (ScenarioException e) {
      throw e;
    } catch (InvalidInputException e) {
      throw value.error(e);
    }
  }

  /**
   * {@code connect: /path?query} on the target, or a whole {@code ws://} / {@code wss://} URL that
   * names the target's host and port.
   */
  private static SocketStep connect(Node value, Node headersNode, long timeout, Target target) {
    String text = value.text();
    String path = text;
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("ws://") || lower.startsWith("wss://")) {
      int slash = text.indexOf('/', text.indexOf("://") + 3);
      String origin = slash < 0 ? text : text.substring(0, slash);
      path = slash < 0 ? "/" : text.substring(slash);
      Target t = Target.parse(origin);
      if (!t.host().equalsIgnoreCase(target.host())
          || t.port() != target.port()
          || t.https() != target.https()) {
        throw value.error(
            "points to "
                + origin
                + " but the target is "
                + target.url()
                + ": the socket goes to the target's host and port, with TLS when the target is"
                + " https:// (wss://); give a path");
      }
    } else if (!text.startsWith("/")) {
      throw value.error("must be a path ('/ws/...') or a ws:// or wss:// URL, got '" + text + "'");
    }
    List<RequestSpec.Header> headers = new ArrayList<>();
    if (headersNode != null) {
      for (Map.Entry<String, Node> e : headersNode.entries().entrySet()) {
        try {
          headers.add(new RequestSpec.Header(e.getKey(), e.getValue().text()));
        } catch (InvalidInputException ex) {
          throw e.getValue().error(ex);
        }
      }
    }
    return new SocketStep.Connect(path, headers, timeout);
  }

  /** {@code expect: TEXT} (the exact frame) or {@code expect: {text, regex, contains, json}}. */
  private static SocketStep expect(Node value, long timeout) {
    if (value.kind != Node.Kind.MAP) {
      return SocketStep.Expect.of(Template.parse(value.text()), null, List.of(), timeout);
    }
    Map<String, Node> f = value.fields(EXPECT);
    Template text = f.containsKey("text") ? Template.parse(f.get("text").text()) : null;
    Template regex = f.containsKey("regex") ? Template.parse(f.get("regex").text()) : null;
    List<Check> checks = new ArrayList<>();
    if (f.containsKey("contains")) {
      CheckSection.addBodyContains(f.get("contains"), checks);
    }
    if (f.containsKey("json")) {
      CheckSection.addJson(f.get("json"), checks);
    }
    return SocketStep.Expect.of(text, regex, checks, timeout);
  }
}
