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
 */
public record Step(
    RequestSpec request,
    boolean templated,
    boolean rawBody,
    List<Check> checks,
    List<Extract> extracts,
    StatusSet expect) {

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
    if (templated) {
      // Parse now, so a malformed placeholder fails the scenario before the run.
      path(request);
      for (RequestSpec.Header h : request.headers()) {
        Template.parse(h.value());
      }
      body(request);
    }
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
    return !needsAnswer() && !hasPlaceholders();
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
    return names;
  }

  /** Flow variables that go into the request line or a header value (built-ins excluded). */
  public Set<String> headVariables() {
    Set<String> names = new LinkedHashSet<>();
    if (templated) {
      names.addAll(path().variables());
      headerValues().forEach(t -> names.addAll(t.variables()));
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
