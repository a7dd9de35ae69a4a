package dev.harness.engine.capacity;

import dev.harness.engine.result.CapacityStep;
import dev.harness.engine.run.TargetUnreachableException;

/**
 * Runs one step of a capacity search. {@link LoadStepRunner} puts real load on the target; tests of
 * the search policy give a function of the rate instead.
 */
@FunctionalInterface
public interface StepRunner {
  /** Runs step {@code number} at {@code rate} arrivals per second and judges it by the SLO. */
  CapacityStep run(int number, CapacityStep.Stage stage, double rate)
      throws TargetUnreachableException, InterruptedException;

  /** Ends the step that is running, if any, as soon as it can; from any thread. */
  default void stop() {}
}
