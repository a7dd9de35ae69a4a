package dev.harness.engine.run;

import dev.harness.engine.model.Answer;
import dev.harness.engine.model.Check;
import dev.harness.engine.model.Extract;
import dev.harness.engine.model.Reasons;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.RequestText;
import dev.harness.engine.model.StatusSet;
import dev.harness.engine.model.Step;
import dev.harness.engine.model.Target;
import dev.harness.engine.model.Template;
import dev.harness.engine.time.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
   * @throws InvalidInputException when a value cannot go into a request (a line break or other
   *     control character in the path or a header value); its message is the reason counted
   */
  byte[] render(Template.Values values) {
    if (staticBytes != null) {
      return staticBytes;
    }
    RequestSpec r = step.request();
    List<RequestSpec.Header> headers = new ArrayList<>(headerValues.size());
    for (int i = 0; i < headerValues.size(); i++) {
      String name = r.headers().get(i).name();
      String value = headerValues.get(i).render(values);
      String problem = RequestText.headerValueProblem(value);
      if (problem != null) {
        // The reason names the header, never its value: it is counted and written to reports.
        throw new InvalidInputException("value of header '" + name + "' " + problem);
      }
      headers.add(new RequestSpec.Header(name, value));
    }
    String renderedPath = path.render(values);
    if (!renderedPath.startsWith("/")) {
      throw new InvalidInputException("path does not start with '/'");
    }
    String problem = RequestText.pathProblem(renderedPath);
    if (problem != null) {
      throw new InvalidInputException("path " + problem);
    }
    byte[] renderedBody =
        step.rawBody() ? r.body() : body.render(values).getBytes(StandardCharsets.UTF_8);
    return RequestEncoder.encode(target, r.method(), renderedPath, headers, renderedBody);
  }

  /**
   * Runs the step's checks and extractions on an answer, their templates rendered with the flow's
   * values; extracted values go into the flow's variables.
   *
   * @return why the answer fails the step ({@code step: check: expected 'x', got 'y'}, at most
   *     {@link Reasons#REASON_CHARS} characters), or null when it passes
   */
  String judge(Answer answer, FlowRun run) {
    for (Check c : step.checks()) {
      String why = c.failure(answer, run);
      if (why != null) {
        return reason(why);
      }
    }
    for (Extract e : step.extracts()) {
      String v = e.apply(answer, run);
      if (v == null) {
        return reason("extract " + e.variable() + ": no value at " + e.source().describe());
      }
      run.vars.put(e.variable(), v);
    }
    return null;
  }

  /** A failure's reason under the step's name, cut to {@link Reasons#REASON_CHARS}. */
  String reason(String why) {
    return Reasons.cut(step.name() + ": " + why, Reasons.REASON_CHARS);
  }
}
