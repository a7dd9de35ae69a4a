package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A WebSocket step of a flow (scenario steps {@code connect}, {@code send}, {@code expect}, {@code
 * close}): the flow's own socket, opened by its connect step and used by the steps after it, as
 * Gatling's {@code ws(...).connect/sendText/await} and k6's {@code ws.connect} do. Every text is a
 * {@link Template} rendered with the flow's values. Immutable.
 */
public sealed interface SocketStep {

  /** The step's kind as scenarios write it: {@code connect}, {@code send}, ... */
  String action();

  /** Flow variables the step's templates use (built-ins excluded). */
  Set<String> variables();

  /** Flow variables that go into the upgrade request's line or headers (built-ins excluded). */
  default Set<String> headVariables() {
    return Set.of();
  }

  /**
   * Opens the flow's socket: TCP, TLS for an {@code https://} target, then the HTTP/1.1 upgrade.
   *
   * @param path path and query of the upgrade request, on the run's target ({@code
   *     /ws/chat/1?token=${token}})
   * @param headers sent with the upgrade request; values are templates ({@code Bearer ${token}})
   * @param timeoutNanos how long TCP and the upgrade may take, or 0 for the run's timeout
   */
  record Connect(Template path, List<RequestSpec.Header> headers, long timeoutNanos)
      implements SocketStep {
    public Connect {
      if (path == null || !path.toString().startsWith("/")) {
        throw new InvalidInputException(
            "connect: the path must start with '/', got '" + path + "'");
      }
      headers = List.copyOf(headers);
      for (RequestSpec.Header h : headers) {
        Template.parse(h.value());
      }
      if (timeoutNanos < 0) {
        throw new InvalidInputException("connect: timeout must be positive");
      }
    }

    public Connect(String path, List<RequestSpec.Header> headers, long timeoutNanos) {
      this(path == null ? null : Template.parse(path), headers, timeoutNanos);
    }

    /** The header values as templates, in order. */
    public List<Template> headerValues() {
      List<Template> values = new ArrayList<>();
      headers.forEach(h -> values.add(Template.parse(h.value())));
      return values;
    }

    @Override
    public String action() {
      return "connect";
    }

    @Override
    public Set<String> variables() {
      return headVariables();
    }

    @Override
    public Set<String> headVariables() {
      Set<String> names = new LinkedHashSet<>(path.variables());
      headerValues().forEach(t -> names.addAll(t.variables()));
      return names;
    }
  }

  /** Writes one text frame. */
  record Send(Template text) implements SocketStep {
    public Send {
      if (text == null) {
        throw new InvalidInputException("send needs a text");
      }
    }

    @Override
    public String action() {
      return "send";
    }

    @Override
    public Set<String> variables() {
      return text.variables();
    }
  }

  /**
   * Waits for the first text frame on the socket that meets every condition given: the whole frame
   * equals {@code text}, matches {@code regex}, and passes {@code checks} (JSON values, contained
   * text). Frames it does not accept stay for later expect steps (a chat room's other traffic).
   *
   * @param text the exact frame, or null
   * @param regex a regular expression the whole frame must match, or null
   * @param pattern {@code regex} compiled when it has no placeholder, else null
   * @param checks conditions on the frame as an answer body ({@link Check.Json}, {@link
   *     Check.BodyContains})
   * @param timeoutNanos how long the step waits, or 0 for the run's timeout
   */
  record Expect(
      Template text, Template regex, Pattern pattern, List<Check> checks, long timeoutNanos)
      implements SocketStep {
    public Expect {
      checks = List.copyOf(checks);
      if (text == null && regex == null && checks.isEmpty()) {
        throw new InvalidInputException("expect needs a condition: text, regex, contains or json");
      }
      if (timeoutNanos < 0) {
        throw new InvalidInputException("expect: timeout must be positive");
      }
    }

    /** An expectation; a regex without placeholders is compiled now, with a one-line error. */
    public static Expect of(Template text, Template regex, List<Check> checks, long timeoutNanos) {
      Pattern p = null;
      if (regex != null && regex.isStatic()) {
        try {
          p = Pattern.compile(regex.render(null));
        } catch (PatternSyntaxException e) {
          throw new InvalidInputException(
              "bad expect regex '" + regex + "': " + e.getDescription());
        }
      }
      return new Expect(text, regex, p, checks, timeoutNanos);
    }

    /** Whether {@code frame} meets every condition, rendered with {@code values}. */
    public boolean accepts(Answer frame, Template.Values values) {
      if (text != null && !text.render(values).equals(frame.text())) {
        return false;
      }
      if (regex != null) {
        Pattern p = pattern;
        if (p == null) {
          try {
            p = Pattern.compile(regex.render(values));
          } catch (PatternSyntaxException e) {
            return false;
          }
        }
        if (!p.matcher(frame.text()).matches()) {
          return false;
        }
      }
      for (Check c : checks) {
        if (c.failure(frame, values) != null) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String action() {
      return "expect";
    }

    @Override
    public Set<String> variables() {
      Set<String> names = new LinkedHashSet<>();
      if (text != null) {
        names.addAll(text.variables());
      }
      if (regex != null) {
        names.addAll(regex.variables());
      }
      checks.forEach(c -> names.addAll(c.variables()));
      return names;
    }
  }

  /**
   * Closes the socket with {@code code} and waits for the target's close frame (RFC 6455's closing
   * handshake).
   */
  record Close(int code) implements SocketStep {
    /** Normal closure. */
    public static final int NORMAL = 1000;

    public Close {
      if (code != NORMAL && code != 1001 && (code < 3000 || code > 4999)) {
        throw new InvalidInputException(
            "close: code must be 1000, 1001 or 3000-4999 (RFC 6455), got " + code);
      }
    }

    @Override
    public String action() {
      return "close";
    }

    @Override
    public Set<String> variables() {
      return Set.of();
    }
  }

  /**
   * The first step of {@code steps} that uses the socket wrongly (a send, expect or close with no
   * socket open before it, a connect while one is open), with why; null when there is none.
   */
  static Flow.Problem sequenceProblem(List<Step> steps) {
    boolean open = false;
    for (int i = 0; i < steps.size(); i++) {
      SocketStep s = steps.get(i).socket();
      if (steps.get(i).pauseNanos() > 0 && i == 0) {
        return new Flow.Problem(i, "a flow cannot start with sleep: its arrival is its start");
      }
      if (s instanceof Connect) {
        if (open) {
          return new Flow.Problem(
              i, "connect: the flow's socket is already open (close it before connecting again)");
        }
        open = true;
      } else if (s != null) {
        if (!open) {
          return new Flow.Problem(
              i, s.action() + " needs an open socket: put a connect step before it");
        }
        open = !(s instanceof Close);
      }
    }
    return null;
  }

  /** Flows with WebSocket steps or sleeps run in the open model, their HTTP steps over HTTP/1.1. */
  static void checkRun(List<Flow> flows, LoadModel model, Protocol protocol) {
    if (flows.stream().noneMatch(Flow::hasSocketStepsOrSleeps)) {
      return;
    }
    if (model != LoadModel.OPEN) {
      throw new InvalidInputException(
          "flows with WebSocket steps (connect, send, expect, close) or sleeps run in the open"
              + " model only");
    }
    if (protocol != Protocol.HTTP1) {
      throw new InvalidInputException(
          "flows with WebSocket steps or sleeps need an http:// or https:// target over HTTP/1.1"
              + " (a connect step names its socket's path), not a ws:// target, http2 or h2c");
    }
  }
}
