package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One request of a flow, with what its answer must show ({@code checks}) and what later steps take
 * from it ({@code extracts}). A single request of a mix is a flow of one step. Immutable.
 *
 * @param request the request; its path, header values and (text) body may hold {@code ${...}}
 *     placeholders when {@code templated}
 * @param templated whether placeholders are expanded; off for requests given on the command line
 * @param rawBody whether the body goes out as its bytes are, placeholders or not (a body read from
 *     a file may be binary)
 * @param checks conditions on the answer, all of which must hold
 * @param extracts values taken from the answer into flow variables, in order
 * @param expect statuses that are not errors for this step ({@code expect: {status: [...]}}), or
 *     null for the run's {@link RunSpec#okStatus()}
 * @param socket for a WebSocket step, what it does on the flow's socket (its {@code request} then
 *     only names it); null for an HTTP step
 * @param pauseNanos how long after the previous step completed this one is due (a scenario's {@code
 *     sleep} before it); 0 for none
 */
public record Step(
    RequestSpec request,
    boolean templated,
    boolean rawBody,
    List<Check> checks,
    List<Extract> extracts,
    StatusSet expect,
    SocketStep socket,
    long pauseNanos) {

  /** Status a WebSocket step counts as when it succeeds, as a WebSocket run's answered messages. */
  private static final StatusSet SOCKET_OK = StatusSet.parse("200");

  /** An HTTP step. */
  public Step(
      RequestSpec request,
      boolean templated,
      boolean rawBody,
      List<Check> checks,
      List<Extract> extracts,
      StatusSet expect) {
    this(request, templated, rawBody, checks, extracts, expect, null, 0);
  }

  /** A step that expects the run's statuses. */
  public Step(
      RequestSpec request,
      boolean templated,
      boolean rawBody,
      List<Check> checks,
      List<Extract> extracts) {
    this(request, templated, rawBody, checks, extracts, null);
  }

  public Step {
    if (request == null) {
      throw new InvalidInputException("step has no request");
    }
    checks = List.copyOf(checks);
    extracts = List.copyOf(extracts);
    if (pauseNanos < 0) {
      throw new InvalidInputException("step " + request.name() + ": sleep must be positive");
    }
    if (socket != null && (templated || !checks.isEmpty())) {
      throw new InvalidInputException(
          "step " + request.name() + ": a WebSocket step has no HTTP request or checks");
    }
    if (socket != null && !extracts.isEmpty() && !(socket instanceof SocketStep.Expect)) {
      throw new InvalidInputException(
          "step " + request.name() + ": only an expect step can extract (from its frame)");
    }
    if (templated) {
      // Parse now, so a malformed placeholder fails the scenario before the run.
      path(request);
      for (RequestSpec.Header h : request.headers()) {
        Template.parse(h.value());
      }
      body(request);
    }
  }

  /**
   * A WebSocket step named {@code name}; {@code path} is only where a request of that name would go
   * (the target's path), as the step sends no HTTP request of its own.
   */
  public static Step ofSocket(String name, String path, SocketStep socket, List<Extract> extracts) {
    RequestSpec named = RequestSpec.of(name, "GET", path, List.of(), null);
    return new Step(named, false, true, List.of(), extracts, SOCKET_OK, socket, 0);
  }

  /** This step, due {@code nanos} after the previous one completed. */
  public Step withPause(long nanos) {
    return new Step(request, templated, rawBody, checks, extracts, expect, socket, nanos);
  }

  /** A step that sends {@code request} as it is, with no checks. */
  public static Step of(RequestSpec request) {
    return new Step(request, false, true, List.of(), List.of());
  }

  public String name() {
    return request.name();
  }

  /**
   * Statuses whose answers are not errors for this step: its own {@code expect} or else the run's,
   * plus every status a {@code check: {status: [...]}} of the step accepts (a status the check
   * lists is one the step means to get, so it cannot count as an error as well).
   */
  public StatusSet expected(StatusSet runDefault) {
    StatusSet set = expect != null ? expect : runDefault;
    for (Check c : checks) {
      if (c instanceof Check.Status s) {
        set = set.union(s.asStatusSet());
      }
    }
    return set;
  }

  /** The request path as a template. */
  public Template path() {
    return path(request);
  }

  /** The header values as templates, in order. */
  public List<Template> headerValues() {
    List<Template> values = new ArrayList<>();
    for (RequestSpec.Header h : request.headers()) {
      values.add(templated ? Template.parse(h.value()) : literal(h.value()));
    }
    return values;
  }

  /** The body as a template (empty for no body); only for a body that is not raw. */
  public Template body() {
    return body(request);
  }

  /** Whether every send is the same bytes: nothing to expand, nothing to check or extract. */
  public boolean isStatic() {
    return socket == null && pauseNanos == 0 && !needsAnswer() && !hasPlaceholders();
  }

  /** Whether the answer's headers or body are read. */
  public boolean needsAnswer() {
    return !checks.isEmpty() || !extracts.isEmpty();
  }

  /** Whether any part of the request has a placeholder. */
  public boolean hasPlaceholders() {
    if (!templated) {
      return false;
    }
    if (!path().isStatic() || (!rawBody && !body().isStatic())) {
      return true;
    }
    return headerValues().stream().anyMatch(t -> !t.isStatic());
  }

  /**
   * Flow variables the request, its checks and its extractions use (built-ins excluded): all must
   * be known before the step, as its own extractions run after its checks.
   */
  public Set<String> variables() {
    Set<String> names = new LinkedHashSet<>();
    if (templated) {
      names.addAll(path().variables());
      headerValues().forEach(t -> names.addAll(t.variables()));
      if (!rawBody) {
        names.addAll(body().variables());
      }
    }
    checks.forEach(c -> names.addAll(c.variables()));
    extracts.forEach(e -> names.addAll(e.source().variables()));
    if (socket != null) {
      names.addAll(socket.variables());
    }
    return names;
  }

  /** Flow variables that go into the request line or a header value (built-ins excluded). */
  public Set<String> headVariables() {
    Set<String> names = new LinkedHashSet<>();
    if (templated) {
      names.addAll(path().variables());
      headerValues().forEach(t -> names.addAll(t.variables()));
    }
    if (socket != null) {
      names.addAll(socket.headVariables());
    }
    return names;
  }

  private Template path(RequestSpec r) {
    return templated ? Template.parse(r.path()) : literal(r.path());
  }

  private Template body(RequestSpec r) {
    String text = new String(r.body(), StandardCharsets.UTF_8);
    return templated && !rawBody ? Template.parse(text) : literal(text);
  }

  private static Template literal(String text) {
    return Template.parse(text.replace("$", "$$"));
  }
}
