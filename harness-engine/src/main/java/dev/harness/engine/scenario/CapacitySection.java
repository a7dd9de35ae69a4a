package dev.harness.engine.scenario;

import java.util.Map;
import java.util.Set;

/** Reads the {@code capacity:} block, the settings of a capacity search. */
final class CapacitySection {
  private CapacitySection() {}

  static CapacitySettings capacity(Node node) {
    if (node == null) {
      return CapacitySettings.NONE;
    }
    Map<String, Node> f =
        node.fields(
            Set.of(
                "slo",
                "start",
                "max",
                "stepDuration",
                "warmup",
                "precision",
                "require",
                "rateTolerance"));
    Double precision = null;
    if (f.containsKey("precision")) {
      Node p = f.get("precision");
      String t = p.text().trim();
      String digits = t.endsWith("%") ? t.substring(0, t.length() - 1).trim() : t;
      try {
        precision = Double.parseDouble(digits) / 100;
      } catch (NumberFormatException e) {
        throw p.error("must be a percentage such as 5%, got '" + t + "'");
      }
      if (!(precision > 0) || precision >= 1) {
        throw p.error("must be above 0% and below 100%, got '" + t + "'");
      }
    }
    Double tolerance = f.containsKey("rateTolerance") ? tolerance(f.get("rateTolerance")) : null;
    return new CapacitySettings(
        CriteriaSection.list(f.get("slo")),
        f.containsKey("start") ? f.get("start").positive() : null,
        f.containsKey("max") ? f.get("max").positive() : null,
        f.containsKey("stepDuration") ? f.get("stepDuration").positiveDuration() : null,
        f.containsKey("warmup") ? f.get("warmup").duration() : null,
        precision,
        f.containsKey("require") ? f.get("require").positive() : null,
        tolerance);
  }

  /** {@code 2%} (or {@code 2}) as the ratio 0.02; from 0% to below 100%. */
  private static double tolerance(Node p) {
    String t = p.text().trim();
    String digits = t.endsWith("%") ? t.substring(0, t.length() - 1).trim() : t;
    double ratio;
    try {
      ratio = Double.parseDouble(digits) / 100;
    } catch (NumberFormatException e) {
      throw p.error("must be a percentage such as 2%, got '" + t + "'");
    }
    if (!(ratio >= 0) || ratio >= 1) {
      throw p.error("must be from 0% to below 100%, got '" + t + "'");
    }
    return ratio;
  }
}
