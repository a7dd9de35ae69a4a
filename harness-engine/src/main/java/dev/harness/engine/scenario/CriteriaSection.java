package dev.harness.engine.scenario;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a list of criteria: {@code criteria:} (or {@code --assert}), and the {@code slo:} and
 * {@code abortOn:} lists of the resilience and capacity sections.
 */
final class CriteriaSection {
  private CriteriaSection() {}

  /** {@code criteria:}, replaced by the command line's criteria when it gives some. */
  static List<Criterion> criteria(ScenarioFile in, Node node) {
    if (in.overrides.criteria() != null) {
      return in.overrides.criteria().stream().map(Criterion::parse).toList();
    }
    return list(node);
  }

  /** The criteria of a list (or of one text), each error at its item; empty when absent. */
  static List<Criterion> list(Node node) {
    if (node == null) {
      return List.of();
    }
    List<Criterion> list = new ArrayList<>();
    for (Node c : node.items(true)) {
      try {
        list.add(Criterion.parse(c.text()));
      } catch (InvalidInputException e) {
        throw c.error(e);
      }
    }
    return list;
  }
}
