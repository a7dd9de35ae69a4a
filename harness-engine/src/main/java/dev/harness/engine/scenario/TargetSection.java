package dev.harness.engine.scenario;

import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Target;
import dev.harness.engine.time.InvalidInputException;
import java.util.Locale;

/** Reads {@code target:} (or takes {@code --target}) and {@code model:}. */
final class TargetSection {
  private TargetSection() {}

  static Target target(ScenarioFile in, Node node, Node root) {
    if (in.overrides.target() != null) {
      return Target.parse(in.overrides.target());
    }
    if (node == null) {
      throw new ScenarioException(
          in.fileName,
          root.line,
          "target is missing: add 'target: http://host:port' or pass --target URL");
    }
    try {
      return Target.parse(node.text());
    } catch (InvalidInputException e) {
      throw node.error(e);
    }
  }

  /** The target URL as written (command line first), or null. */
  static String url(ScenarioFile in, Node node) {
    if (in.overrides.target() != null) {
      return in.overrides.target();
    }
    return node == null ? null : node.text();
  }

  static LoadModel model(Node node) {
    if (node == null) {
      return LoadModel.OPEN;
    }
    return switch (node.text().toLowerCase(Locale.ROOT)) {
      case "open" -> LoadModel.OPEN;
      case "closed" -> LoadModel.CLOSED;
      default -> throw node.error("must be open or closed, got '" + node.text() + "'");
    };
  }
}
