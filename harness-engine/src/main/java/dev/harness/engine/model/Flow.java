package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one arrival does: its steps in order, each sent when the previous one has answered. The
 * arrival's intended time anchors the first step; each later step is due when the one before it
 * completed. A step that fails (an error status, a failed check or extraction, a timeout) ends the
 * flow. Immutable; validated at construction.
 *
 * @param name flow name (for a single request, the request's name)
 * @param weight share of arrivals in the mix, relative to the other flows' weights
 * @param steps the steps, at least one
 * @param feeder rows of variables, one per flow instance, or null
 * @param vars constant variables
 */
public record Flow(
    String name, int weight, List<Step> steps, Feeder feeder, Map<String, String> vars) {

  public Flow {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("flow name is missing");
    }
    if (weight < 1) {
      throw new InvalidInputException("flow " + name + ": weight must be at least 1");
    }
    steps = List.copyOf(steps);
    vars = Map.copyOf(vars);
    if (steps.isEmpty()) {
      throw new InvalidInputException("flow " + name + " has no steps");
    }
    Problem p = firstProblem(steps, feeder, vars);
    if (p != null) {
      throw new InvalidInputException(
          "flow " + name + ", step " + steps.get(p.step()).name() + ": " + p.message());
    }
  }

  /** A flow of one request, sent as it is. */
  public static Flow single(RequestSpec request) {
    return new Flow(request.name(), 1, List.of(Step.of(request)), null, Map.of());
  }

  /** What is wrong with a step of a flow: which step, and the message. */
  public record Problem(int step, String message) {}

  /**
   * The first step that uses a variable no one defined before it: not a built-in, a {@code vars}
   * entry, a feeder column or a value an earlier step extracted. Null when there is none.
   */
  public static Problem firstProblem(List<Step> steps, Feeder feeder, Map<String, String> vars) {
    Set<String> known = new HashSet<>(vars.keySet());
    if (feeder != null) {
      known.addAll(feeder.columns());
    }
    Problem socket = SocketStep.sequenceProblem(steps);
    for (int i = 0; i < steps.size(); i++) {
      if (socket != null && socket.step() == i) {
        return socket;
      }
      for (String v : steps.get(i).variables()) {
        if (!known.contains(v)) {
          return new Problem(
              i,
              "unknown variable '${"
                  + v
                  + "}' (define it in vars, a feeder column, or extract it in an earlier step)");
        }
      }
      String bad = unsafeValue(steps.get(i), feeder, vars);
      if (bad != null) {
        return new Problem(i, bad);
      }
      for (Extract e : steps.get(i).extracts()) {
        known.add(e.variable());
      }
    }
    return null;
  }

  /**
   * A known value (a {@code vars} entry or a feeder cell) that would change the step's request line
   * or headers if it went into them, described; null when there is none. Extracted values are only
   * known at run time, where such a request is a {@code request_error}.
   */
  private static String unsafeValue(Step step, Feeder feeder, Map<String, String> vars) {
    for (String v : step.headVariables()) {
      String value = vars.get(v);
      if (value != null && RequestText.pathProblem(value) != null) {
        return "variable '${" + v + "}' " + RequestText.pathProblem(value);
      }
      int column = feeder == null ? -1 : feeder.columns().indexOf(v);
      for (int row = 0; column >= 0 && row < feeder.rows().size(); row++) {
        List<String> cells = feeder.rows().get(row);
        String cell = column < cells.size() ? cells.get(column) : null;
        if (cell != null && RequestText.pathProblem(cell) != null) {
          return "variable '${"
              + v
              + "}' in row "
              + (row + 1)
              + " of "
              + feeder.source()
              + " "
              + RequestText.pathProblem(cell);
        }
      }
    }
    return null;
  }

  /** Whether any step of the flow is a WebSocket step or waits a sleep before it. */
  public boolean hasSocketStepsOrSleeps() {
    return steps.stream().anyMatch(s -> s.socket() != null || s.pauseNanos() > 0);
  }

  /** Whether every arrival is one request of the same bytes, with nothing to check. */
  public boolean isStatic() {
    return steps.size() == 1 && steps.get(0).isStatic() && feeder == null;
  }
}
