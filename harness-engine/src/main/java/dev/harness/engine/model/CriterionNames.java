package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/** The check of a {@link RunSpec}'s criteria against its request names. Stateless. */
final class CriterionNames {
  private CriterionNames() {}

  /** Every criterion that selects a request name must name one of the flows' steps. */
  static void check(List<Flow> flows, List<Criterion> criteria, ResilienceSpec resilience) {
    List<String> names = new ArrayList<>();
    flows.forEach(f -> f.steps().forEach(st -> names.add(st.name())));
    for (Criterion c : criteria) {
      if (c.windowed()) {
        throw new InvalidInputException(
            "criterion '"
                + c.expression()
                + "': a criterion judges the whole measured part; 'over' windows are for"
                + " abort-on and the SLO");
      }
    }
    for (List<Criterion> list : List.of(criteria, resilience.slo(), resilience.abortOn())) {
      for (Criterion c : list) {
        String problem = c.unknownNameIn(names);
        if (problem != null) {
          throw new InvalidInputException(problem);
        }
      }
    }
  }
}
