package dev.harness.engine.run;

import dev.harness.engine.model.Feeder;
import dev.harness.engine.model.Flow;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.RunSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A flow made ready to run: its steps' plans and its feeder's position. Shared by all workers: the
 * feeder position is the only mutable state, an atomic counter, touched once per flow instance.
 */
final class FlowPlan {
  final RequestPlan[] steps;

  /** One request of fixed bytes and nothing to check: the hot path, which allocates nothing. */
  final boolean isStatic;

  private final Flow flow;
  private final AtomicLong nextRow = new AtomicLong();

  FlowPlan(Flow flow, RequestPlan[] steps) {
    this.flow = flow;
    this.steps = steps;
    this.isStatic = flow.isStatic();
  }

  /**
   * A new instance of the flow for an arrival, with its variables set; null when its feeder has no
   * row left and does not wrap.
   */
  FlowRun start(long counter, int phase, long intendedNanos) {
    Map<String, String> vars = new HashMap<>(flow.vars());
    Feeder feeder = flow.feeder();
    if (feeder != null) {
      long row = nextRow.getAndIncrement();
      List<List<String>> rows = feeder.rows();
      if (row >= rows.size() && !feeder.wrap()) {
        return null;
      }
      List<String> values = rows.get((int) (row % rows.size()));
      for (int i = 0; i < values.size(); i++) {
        vars.put(feeder.columns().get(i), values.get(i));
      }
    }
    return new FlowRun(this, counter, phase, intendedNanos, vars);
  }

  String feederSource() {
    return flow.feeder() == null ? null : flow.feeder().source();
  }

  /** Each flow's steps made ready to send, recorded under their index among all names. */
  static FlowPlan[] all(RunSpec spec) {
    FlowPlan[] plans = new FlowPlan[spec.flows().size()];
    int name = 0;
    for (int f = 0; f < plans.length; f++) {
      Flow flow = spec.flows().get(f);
      RequestPlan[] steps = new RequestPlan[flow.steps().size()];
      for (int i = 0; i < steps.length; i++) {
        steps[i] = new RequestPlan(spec.target(), flow.steps().get(i), name++, spec.okStatus());
      }
      plans[f] = new FlowPlan(flow, steps);
    }
    return plans;
  }

  /**
   * The request that primes connections: the first fixed request of the scenario, or a GET of the
   * target's path when every request varies.
   */
  static byte[] primer(FlowPlan[] flows, RunSpec spec) {
    for (FlowPlan f : flows) {
      for (RequestPlan r : f.steps) {
        if (r.staticBytes != null) {
          return r.staticBytes;
        }
      }
    }
    return RequestEncoder.encode(
        spec.target(), RequestSpec.of("primer", "GET", spec.target().path(), List.of(), null));
  }

  /** The sources of the flows' feeders, for a message. */
  static String feederSources(FlowPlan[] flows) {
    List<String> sources = new ArrayList<>();
    for (FlowPlan f : flows) {
      if (f.feederSource() != null) {
        sources.add(f.feederSource());
      }
    }
    return String.join(", ", sources);
  }
}
