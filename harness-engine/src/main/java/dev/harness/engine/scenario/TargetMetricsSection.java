package dev.harness.engine.scenario;

import dev.harness.engine.model.Target;
import dev.harness.engine.model.TargetMetricsSpec;
import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code targetMetrics:} block: {@code url} (or {@code path} on the target), {@code
 * interval} (default 5s), {@code series} (names recorded besides the default ones, a list or one
 * name).
 */
final class TargetMetricsSection {
  private static final Set<String> KEYS = Set.of("url", "path", "interval", "series");

  private TargetMetricsSection() {}

  static TargetMetricsSpec metrics(Node node, Target target) {
    Map<String, Node> m = node.fields(KEYS);
    Node url = m.get("url");
    Node path = m.get("path");
    if ((url == null) == (path == null)) {
      throw node.error("must give either 'url: http://host:port/metrics' or 'path: /metrics'");
    }
    if (path != null && !path.text().startsWith("/")) {
      throw path.error("must start with '/', got '" + path.text() + "'");
    }
    long interval =
        m.containsKey("interval")
            ? m.get("interval").positiveDuration()
            : TargetMetricsSpec.DEFAULT_INTERVAL_NANOS;
    List<String> series = new ArrayList<>();
    if (m.containsKey("series")) {
      for (Node s : m.get("series").items(true)) {
        series.add(s.name());
      }
    }
    try {
      return TargetMetricsSpec.of(
          url != null ? url.text() : "http://" + target.hostHeader() + path.text(),
          interval,
          series);
    } catch (InvalidInputException e) {
      throw node.error(e);
    }
  }
}
