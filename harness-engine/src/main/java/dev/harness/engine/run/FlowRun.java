package dev.harness.engine.run;

import dev.harness.engine.model.Template;
import java.util.Map;

/**
 * One arrival's way through a flow: which step it is at, when that step was due, and the flow's
 * variables.
 *
 * <p>Thread contract: owned by the worker whose arrival it is; never shared.
 */
final class FlowRun implements Template.Values {
  final FlowPlan plan;
  final long counter;

  /** Phase of the arrival: every step is recorded in it. */
  final int phase;

  final Map<String, String> vars;
  int step;

  /** When the current step was due: the arrival's intended time, then each previous completion. */
  long intendedNanos;

  /** The flow's WebSocket while it has one (from its connect step to its end), else null. */
  FlowSocket socket;

  /** The step whose pause (a scenario's sleep before it) is served, or -1. */
  int paused = -1;

  FlowRun(FlowPlan plan, long counter, int phase, long intendedNanos, Map<String, String> vars) {
    this.plan = plan;
    this.counter = counter;
    this.phase = phase;
    this.intendedNanos = intendedNanos;
    this.vars = vars;
  }

  RequestPlan current() {
    return plan.steps[step];
  }

  @Override
  public String variable(String name) {
    return vars.get(name);
  }

  @Override
  public long counter() {
    return counter;
  }
}
