package dev.harness.engine.capacity;

import dev.harness.engine.model.CapacityPlan;
import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.model.ResilienceSpec;
import dev.harness.engine.model.RunSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The run of each step: the base spec's target, requests, workers and timeout, with its phases
 * replaced by a warm-up and a measured part at the step's rate and its criteria by the SLO. The one
 * place a capacity search builds a {@link RunSpec}.
 */
public final class StepSpecs {
  /** Fewest connections a step gets when they are sized automatically. */
  public static final int MIN_AUTO_CONNECTIONS = 32;

  /**
   * Most connections a step gets when they are sized automatically; each is a file descriptor, and
   * opening and priming thousands per step costs seconds. Give connections explicitly beyond it.
   */
  public static final int MAX_AUTO_CONNECTIONS = 1024;

  private StepSpecs() {}

  /** The run of one step at {@code rate} arrivals per second. */
  public static RunSpec forStep(RunSpec base, CapacityPlan plan, double rate) {
    RateProfile profile = new RateProfile.Constant(rate);
    List<Phase> phases = new ArrayList<>();
    if (plan.warmupNanos() > 0) {
      phases.add(new Phase("warmup", plan.warmupNanos(), profile, true));
    }
    phases.add(new Phase("step", plan.stepNanos(), profile, false));
    // A step is judged on the plan's SLO alone: the base run's criteria, faults and probe stay out.
    return base.toBuilder()
        .phases(phases)
        .model(LoadModel.OPEN)
        .connections(connections(base, plan, rate))
        .criteria(plan.slo())
        .resilience(ResilienceSpec.NONE)
        .probe(null)
        .build();
  }

  /**
   * Connections for a step: the plan's if it gives them, else enough that the connection limit
   * never sets the knee. By Little's law a target that meets a latency bound L at rate R has about
   * R x L requests in flight; twice that leaves room for bursts. L is the tightest latency SLO, or
   * the timeout when the SLO bounds no latency. Clamped to [{@value #MIN_AUTO_CONNECTIONS}, {@value
   * #MAX_AUTO_CONNECTIONS}] and never below the workers.
   */
  public static int connections(RunSpec base, CapacityPlan plan, double rate) {
    if (plan.connections() > 0) {
      return Math.max(plan.connections(), base.workers());
    }
    double bound = base.timeoutNanos();
    for (Criterion c : plan.slo()) {
      boolean upper = c.op() == Criterion.Op.LT || c.op() == Criterion.Op.LE;
      if (upper
          && c.metric() != Criterion.Metric.RPS
          && c.metric() != Criterion.Metric.ERRORS
          && c.metric() != Criterion.Metric.STATUS) {
        bound = Math.min(bound, c.threshold());
      }
    }
    double wanted = Math.ceil(2 * rate * bound / 1e9);
    int n = (int) Math.min(MAX_AUTO_CONNECTIONS, Math.max(MIN_AUTO_CONNECTIONS, wanted));
    return Math.max(n, base.workers());
  }
}
