package dev.harness.engine.scenario;

import dev.harness.engine.model.Check;
import dev.harness.engine.model.Extract;
import dev.harness.engine.model.Feeder;
import dev.harness.engine.model.Flow;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.StatusSet;
import dev.harness.engine.model.Step;
import dev.harness.engine.model.Target;
import dev.harness.engine.model.UserInfo;
import dev.harness.engine.time.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code requests:} (each a flow of one step) and {@code flows:} (steps with variables and a
 * feeder), and the request of each step. Keeps the names seen so far, so one instance reads one
 * file.
 */
final class FlowSection {
  private static final Set<String> STEP =
      Set.of(
          "name",
          "method",
          "path",
          "url",
          "headers",
          "body",
          "bodyFile",
          "check",
          "extract",
          "expect");
  private static final Set<String> REQUEST = union(STEP, Set.of("weight"));
  private static final Set<String> FLOW = Set.of("name", "weight", "vars", "feeder", "steps");

  private final ScenarioFile in;
  private final Target target;
  private final String targetUrl;
  private final Set<String> names = new HashSet<>();

  /**
   * @param target where every request goes; a step's {@code url} must point there
   * @param targetUrl the target as written, whose user info (if any) every request sends as a Basic
   *     Authorization header
   */
  FlowSection(ScenarioFile in, Target target, String targetUrl) {
    this.in = in;
    this.target = target;
    this.targetUrl = targetUrl;
  }

  /** One item of {@code requests:}: a flow of that one request. */
  Flow request(Node node) {
    Map<String, Node> f = node.fields(REQUEST);
    Step step = step(node, f);
    int weight = f.containsKey("weight") ? f.get("weight").positiveInt() : 1;
    try {
      return new Flow(step.name(), weight, List.of(step), null, Map.of());
    } catch (InvalidInputException e) {
      throw node.error(e);
    }
  }

  /** One item of {@code flows:}. */
  Flow flow(Node node) {
    Map<String, Node> f = node.fields(FLOW);
    String name = in.required(f, "name", node, "a name").name();
    int weight = f.containsKey("weight") ? f.get("weight").positiveInt() : 1;
    Map<String, String> vars = new LinkedHashMap<>();
    if (f.containsKey("vars")) {
      for (Map.Entry<String, Node> e : f.get("vars").entries().entrySet()) {
        if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
          throw e.getValue().error("is not a usable variable name");
        }
        vars.put(e.getKey(), e.getValue().text());
      }
    }
    Feeder feeder = f.containsKey("feeder") ? FeederSection.feeder(in, f.get("feeder")) : null;
    Node stepsNode = in.required(f, "steps", node, "a list of steps");
    List<Node> stepNodes = stepsNode.items();
    if (stepNodes.isEmpty()) {
      throw stepsNode.error("is empty: give at least one step");
    }
    List<Step> steps = new ArrayList<>();
    List<Node> nodes = new ArrayList<>(); // the node of each step, for errors
    long pause = 0;
    for (Node s : stepNodes) {
      String action = SocketStepSection.action(s);
      if ("sleep".equals(action)) {
        if (steps.isEmpty()) {
          throw s.error("cannot come first: a flow starts at its arrival (sleep between steps)");
        }
        pause += SocketStepSection.sleep(s);
        continue;
      }
      Step step =
          action == null
              ? step(s, s.fields(STEP))
              : SocketStepSection.step(s, action, names, target);
      steps.add(pause > 0 ? step.withPause(pause) : step);
      nodes.add(s);
      pause = 0;
    }
    if (pause > 0) {
      throw stepNodes
          .get(stepNodes.size() - 1)
          .error("cannot be the last step: a sleep is a pause before the next step");
    }
    Flow.Problem problem = Flow.firstProblem(steps, feeder, vars);
    if (problem != null) {
      throw nodes.get(problem.step()).error(new InvalidInputException(problem.message()));
    }
    try {
      return new Flow(name, weight, steps, feeder, vars);
    } catch (InvalidInputException e) {
      throw node.error(e);
    }
  }

  private Step step(Node node, Map<String, Node> f) {
    String method =
        f.containsKey("method") ? f.get("method").name().toUpperCase(Locale.ROOT) : "GET";
    if (f.containsKey("path") == f.containsKey("url")) {
      throw node.error("needs exactly one of path or url");
    }
    String path;
    if (f.containsKey("path")) {
      path = f.get("path").text();
      if (!path.startsWith("/")) {
        throw f.get("path").error("must start with '/', got '" + path + "'");
      }
    } else {
      path = urlPath(f.get("url"));
    }
    String name = f.containsKey("name") ? f.get("name").name() : method + " " + path;
    if (!names.add(name)) {
      throw (f.containsKey("name") ? f.get("name") : node)
          .error("'" + name + "' names another request too; names must be unique");
    }
    List<RequestSpec.Header> headers = new ArrayList<>();
    if (f.containsKey("headers")) {
      for (Map.Entry<String, Node> e : f.get("headers").entries().entrySet()) {
        try {
          headers.add(new RequestSpec.Header(e.getKey(), e.getValue().text()));
        } catch (InvalidInputException ex) {
          throw e.getValue().error(ex);
        }
      }
    }
    try {
      headers =
          UserInfo.withBasicAuth(f.containsKey("url") ? f.get("url").text() : targetUrl, headers);
    } catch (InvalidInputException e) {
      throw node.error(e);
    }
    if (f.containsKey("body") && f.containsKey("bodyFile")) {
      throw f.get("bodyFile").error("cannot be combined with body: give one");
    }
    byte[] body = null;
    boolean bodyTemplated = true;
    if (f.containsKey("body")) {
      body = f.get("body").text().getBytes(StandardCharsets.UTF_8);
    } else if (f.containsKey("bodyFile")) {
      body = in.readFile(f.get("bodyFile"));
      bodyTemplated = false;
    }
    List<Check> checks = f.containsKey("check") ? CheckSection.checks(f.get("check")) : List.of();
    List<Extract> extracts =
        f.containsKey("extract") ? CheckSection.extracts(f.get("extract")) : List.of();
    StatusSet expect = ExpectSection.status(f.get("expect"));
    try {
      RequestSpec request = RequestSpec.of(name, method, path, headers, body);
      // A file's bytes go out as they are (they may be binary); inline text is a template.
      return new Step(request, true, !bodyTemplated, checks, extracts, expect);
    } catch (InvalidInputException e) {
      throw node.error(e);
    }
  }

  private String urlPath(Node node) {
    Target t;
    try {
      t = Target.parse(node.text());
    } catch (InvalidInputException e) {
      throw node.error(e);
    }
    if (!t.host().equalsIgnoreCase(target.host()) || t.port() != target.port()) {
      throw node.error(
          "points to "
              + t.hostHeader()
              + " but the target is "
              + target.hostHeader()
              + ": every request goes to the target (use path, or change target)");
    }
    return t.path();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new HashSet<>(a);
    u.addAll(b);
    return Set.copyOf(u);
  }
}
