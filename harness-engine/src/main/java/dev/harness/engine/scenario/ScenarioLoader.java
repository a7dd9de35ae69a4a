package dev.harness.engine.scenario;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.harness.engine.model.Check;
import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.Extract;
import dev.harness.engine.model.Fault;
import dev.harness.engine.model.FaultWindow;
import dev.harness.engine.model.Feeder;
import dev.harness.engine.model.Flow;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.ProbeSpec;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.ResilienceSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Step;
import dev.harness.engine.model.Target;
import dev.harness.engine.time.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a YAML scenario file into the same immutable {@link RunSpec} the command-line flags
 * produce. The format is described in {@code docs/scenarios.md}; every error names the file, line
 * and element. Stateless: {@link #load} may be called from any thread.
 */
public final class ScenarioLoader {
  private static final Set<String> TOP =
      Set.of(
          "name",
          "description",
          "target",
          "model",
          "workers",
          "connections",
          "timeout",
          "tick",
          "seed",
          "phases",
          "requests",
          "flows",
          "criteria",
          "faults",
          "slo",
          "abortOn",
          "capacity",
          "health");
  private static final Set<String> PHASE =
      Set.of("name", "duration", "rate", "ramp", "steps", "spike", "arrivals", "warmup");
  private static final Set<String> STEP =
      Set.of("name", "method", "path", "url", "headers", "body", "bodyFile", "check", "extract");
  private static final Set<String> REQUEST = union(STEP, Set.of("weight"));
  private static final Set<String> FLOW = Set.of("name", "weight", "vars", "feeder", "steps");
  private static final Set<String> CHECK = Set.of("status", "headers", "bodyContains", "json");
  private static final Set<String> HEALTH =
      Set.of("url", "path", "interval", "timeout", "status", "bodyContains");

  private final Path file;
  private final String fileName;
  private final Overrides overrides;
  private Target target;
  private final Set<String> names = new java.util.HashSet<>();

  private ScenarioLoader(Path file, Overrides overrides) {
    this.file = file;
    this.fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    this.overrides = overrides;
  }

  /** Loads and validates a scenario file, with the command line's overrides applied. */
  public static Scenario load(Path file, Overrides overrides) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read scenario " + file + ": " + reason(e));
    }
    return new ScenarioLoader(file, overrides).build(YamlTree.read(fileNameOf(file), text));
  }

  /** Whether an argument names a scenario file rather than a URL. */
  public static boolean looksLikeScenario(String arg) {
    String lower = arg.toLowerCase(Locale.ROOT);
    return !lower.contains("://") && (lower.endsWith(".yaml") || lower.endsWith(".yml"));
  }

  private Scenario build(Node root) {
    Map<String, Node> top = root.fields(TOP);
    String name = top.containsKey("name") ? top.get("name").name() : baseName();
    String description = top.containsKey("description") ? top.get("description").text() : "";

    target = target(top.get("target"), root);
    LoadModel model = model(top.get("model"));
    long seed = top.containsKey("seed") ? (long) top.get("seed").number() : 1;

    Node phasesNode = required(top, "phases", root, "a list of phases (name, duration, rate)");
    List<Phase> written = phases(phasesNode, model, seed);
    List<Phase> phases = scaleMeasured(written);

    List<Flow> flows = new ArrayList<>();
    if (top.containsKey("requests")) {
      for (Node r : top.get("requests").items()) {
        flows.add(request(r));
      }
    }
    if (top.containsKey("flows")) {
      for (Node f : top.get("flows").items()) {
        flows.add(flow(f));
      }
    }
    if (flows.isEmpty()) {
      throw new ScenarioException(
          fileName, root.line, "nothing to send: add 'requests:' or 'flows:'");
    }

    int workers = intOr(top.get("workers"), 1);
    int connections = intOr(top.get("connections"), Math.max(32, workers));
    if (overrides.workers() != null) {
      workers = overrides.workers();
    }
    if (overrides.connections() != null) {
      connections = overrides.connections();
    }
    long timeout =
        top.containsKey("timeout") ? top.get("timeout").positiveDuration() : 5_000_000_000L;
    long tick = RunSpec.DEFAULT_TICK_NANOS;
    if (top.containsKey("tick")) {
      Node t = top.get("tick");
      tick = t.duration();
      String problem = RunSpec.tickProblem(tick);
      if (problem != null) {
        throw t.error(problem);
      }
    }
    List<Criterion> criteria = criteria(top.get("criteria"));
    ResilienceSpec resilience =
        new ResilienceSpec(
            faults(top.get("faults"), written, phases),
            criterionList(top.get("slo")),
            criterionList(top.get("abortOn")));
    ProbeSpec probe = top.containsKey("health") ? health(top.get("health")) : null;
    try {
      RunSpec spec =
          RunSpec.builder()
              .target(target)
              .flows(flows)
              .phases(phases)
              .model(model)
              .workers(workers)
              .connections(connections)
              .timeoutNanos(timeout)
              .criteria(criteria)
              .resilience(resilience)
              .probe(probe)
              .tickNanos(tick)
              .build();
      return new Scenario(file, name, description, spec, capacity(top.get("capacity")));
    } catch (InvalidInputException e) {
      throw new ScenarioException(fileName, root.line, e.getMessage());
    }
  }

  // ---- target and model ---------------------------------------------------------------------

  private Target target(Node node, Node root) {
    if (overrides.target() != null) {
      return Target.parse(overrides.target());
    }
    if (node == null) {
      throw new ScenarioException(
          fileName,
          root.line,
          "target is missing: add 'target: http://host:port' or pass --target URL");
    }
    try {
      return Target.parse(node.text());
    } catch (InvalidInputException e) {
      throw node.error(e);
    }
  }

  private static LoadModel model(Node node) {
    if (node == null) {
      return LoadModel.OPEN;
    }
    return switch (node.text().toLowerCase(Locale.ROOT)) {
      case "open" -> LoadModel.OPEN;
      case "closed" -> LoadModel.CLOSED;
      default -> throw node.error("must be open or closed, got '" + node.text() + "'");
    };
  }

  // ---- phases -------------------------------------------------------------------------------

  private List<Phase> phases(Node node, LoadModel model, long seed) {
    List<Node> items = node.items();
    if (items.isEmpty()) {
      throw node.error("is empty: give at least one phase");
    }
    List<Phase> phases = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      phases.add(phase(items.get(i), i, model, seed + i));
    }
    return phases;
  }

  private Phase phase(Node node, int index, LoadModel model, long seed) {
    Map<String, Node> f = node.fields(PHASE);
    String name = f.containsKey("name") ? f.get("name").name() : "phase-" + (index + 1);
    long duration = required(f, "duration", node, "a duration such as 30s").positiveDuration();
    boolean warmup = f.containsKey("warmup") && f.get("warmup").bool();
    RateProfile rate = null;
    List<String> given =
        List.of("rate", "ramp", "steps", "spike").stream().filter(f::containsKey).toList();
    if (model == LoadModel.CLOSED) {
      if (!given.isEmpty()) {
        throw f.get(given.get(0))
            .error("does not apply to the closed model (connections set the pace)");
      }
    } else {
      if (given.size() > 1) {
        throw f.get(given.get(1))
            .error("cannot be combined with " + given.get(0) + ": give one rate profile");
      }
      if (given.isEmpty() && overrides.rate() == null) {
        throw node.error("needs a rate profile: rate, ramp, steps or spike");
      }
      rate =
          overrides.rate() != null
              ? new RateProfile.Constant(overrides.rate())
              : profile(f, given.get(0));
      if (f.containsKey("arrivals")) {
        Node a = f.get("arrivals");
        switch (a.text().toLowerCase(Locale.ROOT)) {
          case "poisson" -> rate = new RateProfile.Poisson(rate, seed);
          case "uniform" -> {}
          default -> throw a.error("must be uniform or poisson, got '" + a.text() + "'");
        }
      }
    }
    try {
      return new Phase(name, duration, rate, warmup);
    } catch (InvalidInputException e) {
      throw node.error(e);
    }
  }

  private RateProfile profile(Map<String, Node> f, String kind) {
    Node n = f.get(kind);
    try {
      switch (kind) {
        case "rate":
          return new RateProfile.Constant(n.positive());
        case "ramp":
          {
            Map<String, Node> r = n.fields(Set.of("from", "to"));
            return new RateProfile.Ramp(
                required(r, "from", n, "a start rate").notNegative(),
                required(r, "to", n, "an end rate").notNegative());
          }
        case "steps":
          {
            List<Double> rates = new ArrayList<>();
            if (n.kind == Node.Kind.LIST) {
              for (Node s : n.items()) {
                rates.add(s.positive());
              }
            } else {
              Map<String, Node> s = n.fields(Set.of("from", "to", "count"));
              double from = required(s, "from", n, "the first step's rate").positive();
              double to = required(s, "to", n, "the last step's rate").positive();
              int count = required(s, "count", n, "the number of steps").positiveInt();
              for (int i = 0; i < count; i++) {
                rates.add(count == 1 ? to : from + (to - from) * i / (count - 1));
              }
            }
            return new RateProfile.Steps(rates);
          }
        default:
          {
            Map<String, Node> s = n.fields(Set.of("base", "peak", "at", "for"));
            return new RateProfile.Spike(
                required(s, "base", n, "the rate around the spike").positive(),
                required(s, "peak", n, "the rate during the spike").positive(),
                required(s, "at", n, "when the spike starts in the phase").duration(),
                required(s, "for", n, "how long the spike lasts").positiveDuration());
          }
      }
    } catch (ScenarioException e) {
      throw e;
    } catch (InvalidInputException e) {
      throw n.error(e);
    }
  }

  /** Applies {@code --duration} and {@code --warmup}: phases scaled to the asked totals. */
  private List<Phase> scaleMeasured(List<Phase> phases) {
    double measured = factor(phases, false, overrides.durationNanos());
    double warmup = factor(phases, true, overrides.warmupNanos());
    List<Phase> scaled = new ArrayList<>();
    for (Phase p : phases) {
      double factor = p.warmup() ? warmup : measured;
      if (factor == 1) {
        scaled.add(p);
      } else if (factor == 0) {
        continue; // --warmup 0s: no warm-up
      } else {
        long d = Math.max(1_000_000L, Math.round(p.durationNanos() * factor));
        RateProfile r = p.rate() == null ? null : p.rate().scaled(factor);
        scaled.add(new Phase(p.name(), d, r, p.warmup()));
      }
    }
    return scaled;
  }

  private static double factor(List<Phase> phases, boolean warmup, Long asked) {
    if (asked == null) {
      return 1;
    }
    long total =
        phases.stream().filter(p -> p.warmup() == warmup).mapToLong(Phase::durationNanos).sum();
    return total == 0 ? 1 : (double) asked / total;
  }

  // ---- requests and flows -------------------------------------------------------------------

  private Flow request(Node node) {
    Map<String, Node> f = node.fields(REQUEST);
    Step step = step(node, f);
    int weight = f.containsKey("weight") ? f.get("weight").positiveInt() : 1;
    try {
      return new Flow(step.name(), weight, List.of(step), null, Map.of());
    } catch (InvalidInputException e) {
      throw node.error(e);
    }
  }

  private Flow flow(Node node) {
    Map<String, Node> f = node.fields(FLOW);
    String name = required(f, "name", node, "a name").name();
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
    Feeder feeder = f.containsKey("feeder") ? feeder(f.get("feeder")) : null;
    Node stepsNode = required(f, "steps", node, "a list of steps");
    List<Node> stepNodes = stepsNode.items();
    if (stepNodes.isEmpty()) {
      throw stepsNode.error("is empty: give at least one step");
    }
    List<Step> steps = new ArrayList<>();
    for (Node s : stepNodes) {
      steps.add(step(s, s.fields(STEP)));
    }
    Flow.Problem problem = Flow.firstProblem(steps, feeder, vars);
    if (problem != null) {
      throw stepNodes.get(problem.step()).error(new InvalidInputException(problem.message()));
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
    if (f.containsKey("body") && f.containsKey("bodyFile")) {
      throw f.get("bodyFile").error("cannot be combined with body: give one");
    }
    byte[] body = null;
    boolean bodyTemplated = true;
    if (f.containsKey("body")) {
      body = f.get("body").text().getBytes(StandardCharsets.UTF_8);
    } else if (f.containsKey("bodyFile")) {
      body = readFile(f.get("bodyFile"));
      bodyTemplated = false;
    }
    List<Check> checks = f.containsKey("check") ? checks(f.get("check")) : List.of();
    List<Extract> extracts = f.containsKey("extract") ? extracts(f.get("extract")) : List.of();
    try {
      RequestSpec request = RequestSpec.of(name, method, path, headers, body);
      // A file's bytes go out as they are (they may be binary); inline text is a template.
      return new Step(request, true, !bodyTemplated, checks, extracts);
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

  private List<Check> checks(Node node) {
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
        for (Node s : f.get("bodyContains").items(true)) {
          checks.add(new Check.BodyContains(s.text()));
        }
      }
      if (f.containsKey("json")) {
        for (Map.Entry<String, Node> e : f.get("json").entries().entrySet()) {
          Node v = e.getValue();
          try {
            checks.add(new Check.Json(e.getKey(), v.kind == Node.Kind.NULL ? null : v.text()));
          } catch (InvalidInputException ex) {
            throw v.error(ex);
          }
        }
      }
    } catch (ScenarioException e) {
      throw e;
    } catch (InvalidInputException e) {
      throw node.error(e);
    }
    return checks;
  }

  private List<Extract> extracts(Node node) {
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

  private Feeder feeder(Node node) {
    Map<String, Node> f = node.fields(Set.of("file", "onEnd"));
    Node fileNode = required(f, "file", node, "a CSV file with a header row");
    boolean wrap = true;
    if (f.containsKey("onEnd")) {
      Node e = f.get("onEnd");
      wrap =
          switch (e.text().toLowerCase(Locale.ROOT)) {
            case "wrap" -> true;
            case "stop" -> false;
            default -> throw e.error("must be wrap or stop, got '" + e.text() + "'");
          };
    }
    Path csv = resolve(fileNode);
    if (!Files.isRegularFile(csv)) {
      throw fileNode.error("names a file that does not exist: " + csv);
    }
    List<String> columns;
    List<List<String>> rows = new ArrayList<>();
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    try (MappingIterator<List<String>> it =
        mapper
            .readerFor(List.class)
            .with(CsvParser.Feature.TRIM_SPACES)
            .with(CsvParser.Feature.SKIP_EMPTY_LINES)
            .readValues(csv.toFile())) {
      if (!it.hasNext()) {
        throw fileNode.error("names an empty file: " + csv);
      }
      columns = it.next();
      while (it.hasNext()) {
        rows.add(it.next());
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ScenarioException se) {
        throw se;
      }
      throw fileNode.error("cannot be read as CSV: " + reason(e));
    }
    try {
      return new Feeder(fileNode.text(), columns, rows, wrap);
    } catch (InvalidInputException e) {
      throw fileNode.error(e);
    }
  }

  // ---- capacity search -----------------------------------------------------------------------

  private static CapacitySettings capacity(Node node) {
    if (node == null) {
      return CapacitySettings.NONE;
    }
    Map<String, Node> f =
        node.fields(
            Set.of("slo", "start", "max", "stepDuration", "warmup", "precision", "require"));
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
    return new CapacitySettings(
        criterionList(f.get("slo")),
        f.containsKey("start") ? f.get("start").positive() : null,
        f.containsKey("max") ? f.get("max").positive() : null,
        f.containsKey("stepDuration") ? f.get("stepDuration").positiveDuration() : null,
        f.containsKey("warmup") ? f.get("warmup").duration() : null,
        precision,
        f.containsKey("require") ? f.get("require").positive() : null);
  }

  // ---- faults -------------------------------------------------------------------------------

  /**
   * The fault timeline. Times count from the run's start, warm-up included; when {@code --duration}
   * or {@code --warmup} rescaled the phases, each time moves with the part of the run it falls in,
   * so a shortened drill keeps its shape.
   */
  private List<FaultWindow> faults(Node node, List<Phase> written, List<Phase> scaled) {
    if (node == null) {
      return List.of();
    }
    List<FaultWindow> windows = new ArrayList<>();
    for (Node item : node.items()) {
      Map<String, Node> f = item.fields(Set.of("at", "for", "fault"));
      long at = required(f, "at", item, "when the fault starts, from the run's start").duration();
      long length = required(f, "for", item, "how long the fault lasts").positiveDuration();
      Node faultNode = required(f, "fault", item, "a fault such as 'latency 200ms'");
      try {
        Fault fault = Fault.parse(faultNode.text());
        long start = rescale(at, written, scaled);
        long end = Math.max(start + 1_000_000L, rescale(at + length, written, scaled));
        windows.add(new FaultWindow(start, end - start, fault));
      } catch (InvalidInputException e) {
        throw faultNode.error(e);
      }
    }
    return windows;
  }

  /** Where an instant of the run as written falls in the rescaled run. */
  private static long rescale(long t, List<Phase> written, List<Phase> scaled) {
    long warmup = warmupOf(written);
    long scaledWarmup = warmupOf(scaled);
    if (t <= warmup) {
      return warmup == 0 ? t : Math.round((double) t * scaledWarmup / warmup);
    }
    long measured = total(written) - warmup;
    long scaledMeasured = total(scaled) - scaledWarmup;
    return scaledWarmup + Math.round((double) (t - warmup) * scaledMeasured / measured);
  }

  private static long warmupOf(List<Phase> phases) {
    return phases.stream().filter(Phase::warmup).mapToLong(Phase::durationNanos).sum();
  }

  private static long total(List<Phase> phases) {
    return phases.stream().mapToLong(Phase::durationNanos).sum();
  }

  private static List<Criterion> criterionList(Node node) {
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

  // ---- health probe -------------------------------------------------------------------------

  /**
   * The {@code health:} block: {@code url} (or {@code path} on the target), {@code interval}
   * (default 1s), {@code timeout} (default the interval, at most 2s), {@code status} (default any
   * 2xx), {@code bodyContains}.
   */
  private ProbeSpec health(Node node) {
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
    try {
      ProbeSpec.Builder b = probe.toBuilder();
      if (h.containsKey("timeout")) {
        b.timeoutNanos(h.get("timeout").positiveDuration());
      }
      if (h.containsKey("status")) {
        b.status(h.get("status").positiveInt());
      }
      if (h.containsKey("bodyContains")) {
        b.contains(h.get("bodyContains").name());
      }
      return b.build();
    } catch (InvalidInputException e) {
      throw node.error(e);
    }
  }

  // ---- criteria -----------------------------------------------------------------------------

  private static List<Criterion> criteriaFrom(List<String> texts) {
    return texts.stream().map(Criterion::parse).toList();
  }

  private List<Criterion> criteria(Node node) {
    if (overrides.criteria() != null) {
      return criteriaFrom(overrides.criteria());
    }
    if (node == null) {
      return List.of();
    }
    List<Criterion> criteria = new ArrayList<>();
    for (Node c : node.items(true)) {
      try {
        criteria.add(Criterion.parse(c.text()));
      } catch (InvalidInputException e) {
        throw c.error(e);
      }
    }
    return criteria;
  }

  // ---- helpers ------------------------------------------------------------------------------

  private byte[] readFile(Node node) {
    Path p = resolve(node);
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw node.error("cannot read " + p + ": " + reason(e));
    }
  }

  /** A path in the file, relative to the scenario file's folder. */
  private Path resolve(Node node) {
    Path p = Path.of(node.name());
    if (p.isAbsolute()) {
      return p;
    }
    Path dir = file.toAbsolutePath().getParent();
    return dir == null ? p : dir.resolve(p);
  }

  private Node required(Map<String, Node> f, String key, Node parent, String what) {
    Node n = f.get(key);
    if (n == null || n.kind == Node.Kind.NULL) {
      String where = parent.path.equals("(top level)") ? "" : parent.path + ".";
      throw new ScenarioException(
          fileName, n == null ? parent.line : n.line, where + key + " is missing: give " + what);
    }
    return n;
  }

  private static int intOr(Node node, int otherwise) {
    return node == null ? otherwise : node.positiveInt();
  }

  private String baseName() {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  private static String fileNameOf(Path file) {
    return file.getFileName() == null ? file.toString() : file.getFileName().toString();
  }

  private static String reason(Exception e) {
    String m = e.getMessage();
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (m == null) {
      return e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new java.util.HashSet<>(a);
    u.addAll(b);
    return Set.copyOf(u);
  }
}
