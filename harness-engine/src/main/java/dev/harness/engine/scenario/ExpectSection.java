package dev.harness.engine.scenario;

import dev.harness.engine.model.StatusSet;
import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an {@code expect:} block, at the top level (the run's default) or on a request or step:
 * {@code expect: {status: [200, 429, 5xx, 200-299]}}, the statuses that are not errors.
 */
final class ExpectSection {
  private ExpectSection() {}

  /** The statuses {@code node} expects, or null when there is no {@code expect:}. */
  static StatusSet status(Node node) {
    if (node == null) {
      return null;
    }
    Map<String, Node> f = node.fields(Set.of("status"));
    if (!f.containsKey("status")) {
      throw node.error("needs status: a list of expected statuses, e.g. [200, 429]");
    }
    Node list = f.get("status");
    List<String> parts = new ArrayList<>();
    for (Node s : list.items(true)) {
      parts.add(s.text());
    }
    try {
      return StatusSet.of(parts);
    } catch (InvalidInputException e) {
      throw list.error(e);
    }
  }
}
