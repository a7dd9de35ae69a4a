package dev.harness.engine.scenario;

import dev.harness.engine.model.Check;
import dev.harness.engine.model.Extract;
import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads a step's {@code check:} (status, headers, body, JSON) and {@code extract:} blocks. */
final class CheckSection {
  private static final Set<String> CHECK = Set.of("status", "headers", "bodyContains", "json");

  private CheckSection() {}

  /** A body check per item of {@code node} (one string or a list), added to {@code checks}. */
  static void addBodyContains(Node node, List<Check> checks) {
    for (Node s : node.items(true)) {
      checks.add(new Check.BodyContains(s.text()));
    }
  }

  /** A JSON check per entry of {@code node} (path: expected value, null for "present"). */
  static void addJson(Node node, List<Check> checks) {
    for (Map.Entry<String, Node> e : node.entries().entrySet()) {
      Node v = e.getValue();
      try {
        checks.add(new Check.Json(e.getKey(), v.kind == Node.Kind.NULL ? null : v.text()));
      } catch (InvalidInputException ex) {
        throw v.error(ex);
      }
    }
  }

  static List<Check> checks(Node node) {
    Map<String, Node> f = node.fields(CHECK);
    List<Check> checks = new ArrayList<>();
    try {
      if (f.containsKey("status")) {
        List<String> accepted = new ArrayList<>();
        for (Node s : f.get("status").items(true)) {
          accepted.add(s.text().toLowerCase(Locale.ROOT));
        }
        checks.add(new Check.Status(accepted));
      }
      if (f.containsKey("headers")) {
        for (Map.Entry<String, Node> e : f.get("headers").entries().entrySet()) {
          Node v = e.getValue();
          checks.add(new Check.Header(e.getKey(), v.kind == Node.Kind.NULL ? null : v.text()));
        }
      }
      if (f.containsKey("bodyContains")) {
        addBodyContains(f.get("bodyContains"), checks);
      }
      if (f.containsKey("json")) {
        addJson(f.get("json"), checks);
      }
    } catch (ScenarioException e) {
      throw e;
    } catch (InvalidInputException e) {
      throw node.error(e);
    }
    return checks;
  }

  static List<Extract> extracts(Node node) {
    List<Extract> extracts = new ArrayList<>();
    for (Map.Entry<String, Node> e : node.entries().entrySet()) {
      Node spec = e.getValue();
      Map<String, Node> f = spec.fields(Set.of("json", "header", "regex"));
      if (f.size() != 1) {
        throw spec.error("needs exactly one of json, header or regex");
      }
      Map.Entry<String, Node> how = f.entrySet().iterator().next();
      Node v = how.getValue();
      try {
        Extract.Source source =
            switch (how.getKey()) {
              case "json" -> new Extract.JsonAt(v.text());
              case "header" -> new Extract.HeaderValue(v.name());
              default -> Extract.Regex.of(v.text());
            };
        extracts.add(new Extract(e.getKey(), source));
      } catch (ScenarioException ex) {
        throw ex;
      } catch (InvalidInputException ex) {
        throw v.error(ex);
      }
    }
    return extracts;
  }
}
