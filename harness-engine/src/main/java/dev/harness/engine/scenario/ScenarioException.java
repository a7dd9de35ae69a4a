package dev.harness.engine.scenario;

import dev.harness.engine.time.InvalidInputException;

/**
 * A scenario file that cannot be run, with a one-line message that names the file, the line and the
 * element: {@code perf-storm.yaml:14: phases[1].rate must be positive, got -5}.
 */
public final class ScenarioException extends InvalidInputException {
  public ScenarioException(String file, int line, String message) {
    super(line > 0 ? file + ":" + line + ": " + message : file + ": " + message);
  }
}
