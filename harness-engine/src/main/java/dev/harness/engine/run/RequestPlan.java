package dev.harness.engine.run;

import dev.harness.engine.model.Answer;
import dev.harness.engine.model.Check;
import dev.harness.engine.model.Extract;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.StatusSet;
import dev.harness.engine.model.Step;
import dev.harness.engine.model.Target;
import dev.harness.engine.model.Template;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A step made ready to send: its bytes encoded once when nothing in it varies, otherwise its
 * templates, rendered per send. Immutable and shared by all workers.
 */
final class RequestPlan {
  /** Index of the step's name among all request names: where it is recorded. */
  final int name;

  final boolean head;

  /** Whether the answer's headers and body are needed (for checks or extractions). */
  final boolean needsAnswer;

  /** Statuses whose answers are not errors for this step. */
  final StatusSet expected;

  /** The encoded request when it never varies, else null. */
  final byte[] staticBytes;

  private final Target target;
  private final Step step;
  private final Template path;
  private final List<Template> headerValues;
  private final Template body;

  /** A plan for a run that expects the default statuses (2xx and 3xx) unless the step says. */
  RequestPlan(Target target, Step step, int name) {
    this(target, step, name, StatusSet.DEFAULT);
  }

  /**
   * @param okStatus the run's expected statuses, which the step's own {@code expect} replaces
   */
  RequestPlan(Target target, Step step, int name, StatusSet okStatus) {
    this.expected = step.expected(okStatus);
    this.target = target;
    this.step = step;
    this.name = name;
    this.head = step.request().isHead();
    this.needsAnswer = step.needsAnswer();
    this.path = step.path();
    this.headerValues = step.headerValues();
    this.body = step.body();
    this.staticBytes =
        step.hasPlaceholders() ? null : RequestEncoder.encode(target, step.request());
  }

  /**
   * The request's bytes with the flow's values.
   *
   * @throws dev.harness.engine.time.InvalidInputException when a value cannot go into a request (a
   *     line break in a header value)
   */
  byte[] render(Template.Values values) {
    if (staticBytes != null) {
      return staticBytes;
    }
    RequestSpec r = step.request();
    List<RequestSpec.Header> headers = new ArrayList<>(headerValues.size());
    for (int i = 0; i < headerValues.size(); i++) {
      headers.add(
          new RequestSpec.Header(r.headers().get(i).name(), headerValues.get(i).render(values)));
    }
    String renderedPath = path.render(values);
    if (!renderedPath.startsWith("/")) {
      throw new dev.harness.engine.time.InvalidInputException(
          "path does not start with '/': " + renderedPath);
    }
    byte[] renderedBody =
        step.rawBody() ? r.body() : body.render(values).getBytes(StandardCharsets.UTF_8);
    return RequestEncoder.encode(target, r.method(), renderedPath, headers, renderedBody);
  }

  /**
   * Runs the step's checks and extractions on an answer; extracted values go into {@code vars}.
   *
   * @return why the answer fails the step, or null when it passes
   */
  String judge(Answer answer, Map<String, String> vars) {
    for (Check c : step.checks()) {
      String why = c.failure(answer);
      if (why != null) {
        return why;
      }
    }
    for (Extract e : step.extracts()) {
      String v = e.apply(answer);
      if (v == null) {
        return "nothing to extract into " + e.variable();
      }
      vars.put(e.variable(), v);
    }
    return null;
  }
}
