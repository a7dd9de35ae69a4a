package dev.harness.engine.run;

import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.testkit.Specs;

/**
 * Runs specs for the tests of this package, where the package-private {@link LoadRun} API is
 * visible; the specs themselves come from {@link Specs}.
 */
final class Runs {
  private Runs() {}

  static RunResult run(RunSpec spec) throws Exception {
    return run(spec, Supervision.STANDARD);
  }

  /** Runs with each worker's pacing loop under {@code supervision} (a faster clock, a crash). */
  static RunResult run(RunSpec spec, Supervision supervision) throws Exception {
    return new LoadRun(spec, RunListener.NONE, Specs.SECOND).supervised(supervision).execute();
  }
}
