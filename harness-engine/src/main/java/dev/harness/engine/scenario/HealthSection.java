package dev.harness.engine.scenario;

import dev.harness.engine.model.ProbeSpec;
import dev.harness.engine.model.Target;
import dev.harness.engine.time.InvalidInputException;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code health:} block: {@code url} (or {@code path} on the target), {@code interval}
 * (default 1s), {@code timeout} (default the interval, at most 2s), {@code status} (default any
 * 2xx), {@code bodyContains}.
 */
final class HealthSection {
  private static final Set<String> HEALTH =
      Set.of("url", "path", "interval", "timeout", "status", "bodyContains");

  private HealthSection() {}

  static ProbeSpec probe(Node node, Target target) {
    Map<String, Node> h = node.fields(HEALTH);
    Node url = h.get("url");
    Node path = h.get("path");
    if ((url == null) == (path == null)) {
      throw node.error("must give either 'url: http://host:port/health' or 'path: /health'");
    }
    long interval =
        h.containsKey("interval")
            ? h.get("interval").positiveDuration()
            : ProbeSpec.DEFAULT_INTERVAL_NANOS;
    ProbeSpec probe;
    try {
      if (url != null) {
        probe = ProbeSpec.of(url.text(), interval);
      } else {
        String p = path.text();
        if (!p.startsWith("/")) {
          throw path.error("must start with '/', got '" + p + "'");
        }
        probe = ProbeSpec.of("http://" + target.hostHeader() + p, interval);
      }
    } catch (ScenarioException e) {
      throw e;
    } catch (InvalidInputException e) {
      throw (url != null ? url : path).error(e);
    }
    // Each setting is checked as it is read, so the first wrong one in the file is the one named.
    try {
      if (h.containsKey("timeout")) {
        probe = probe.toBuilder().timeoutNanos(h.get("timeout").positiveDuration()).build();
      }
      if (h.containsKey("status")) {
        probe = probe.toBuilder().status(h.get("status").positiveInt()).build();
      }
      if (h.containsKey("bodyContains")) {
        probe = probe.toBuilder().contains(h.get("bodyContains").name()).build();
      }
      return probe;
    } catch (InvalidInputException e) {
      throw node.error(e);
    }
  }
}
