package dev.harness.engine.scenario;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.Flow;
import dev.harness.engine.model.InputFiles;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.ProbeSpec;
import dev.harness.engine.model.Protocol;
import dev.harness.engine.model.ResilienceSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Target;
import dev.harness.engine.model.TargetMetricsSpec;
import dev.harness.engine.model.TlsSpec;
import dev.harness.engine.model.WebSocketSpec;
import dev.harness.engine.time.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a YAML scenario file into the same immutable {@link RunSpec} the command-line flags
 * produce. The format is described in {@code docs/scenarios.md}; every error names the file, line
 * and element. This class reads the top-level keys and hands each section to its reader ({@link
 * TargetSection}, {@link PhaseSection}, {@link FlowSection}, {@link CriteriaSection}, {@link
 * FaultSection}, {@link HealthSection}, {@link CapacitySection}, {@link TlsSection}, {@link
 * TargetMetricsSection}); the order it reads them in is the order errors are found in. Stateless:
 * {@link #load} may be called from any thread.
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
          "websocket",
          "criteria",
          "faults",
          "slo",
          "abortOn",
          "capacity",
          "health",
          "expect",
          "tls",
          "maxRequestsPerConnection",
          "http2",
          "h2c",
          "maxStreams",
          "headerTableSize",
          "targetMetrics");

  private ScenarioLoader() {}

  /** Loads and validates a scenario file, with the command line's overrides applied. */
  public static Scenario load(Path file, Overrides overrides) {
    // Size first: parsing a huge file would take minutes and gigabytes before any error.
    String text =
        new String(
            InputFiles.read(file, InputFiles.maxScenarioBytes(), "scenario"),
            StandardCharsets.UTF_8);
    ScenarioFile in = new ScenarioFile(file, overrides);
    return build(in, YamlTree.read(in.fileName, text));
  }

  /** Whether an argument names a scenario file rather than a URL. */
  public static boolean looksLikeScenario(String arg) {
    String lower = arg.toLowerCase(Locale.ROOT);
    return !lower.contains("://") && (lower.endsWith(".yaml") || lower.endsWith(".yml"));
  }

  private static Scenario build(ScenarioFile in, Node root) {
    Map<String, Node> top = root.fields(TOP);
    String name = top.containsKey("name") ? top.get("name").name() : in.baseName();
    String description = top.containsKey("description") ? top.get("description").text() : "";

    Target target = TargetSection.target(in, top.get("target"), root);
    LoadModel model = TargetSection.model(top.get("model"));
    Protocol protocol = TargetSection.protocol(top.get("http2"), top.get("h2c"), target);
    int maxStreams = TargetSection.maxStreams(top.get("maxStreams"), protocol);
    long headerTableSize = TargetSection.headerTableSize(top.get("headerTableSize"), protocol);
    long seed = top.containsKey("seed") ? (long) top.get("seed").number() : 1;

    Node phasesNode = in.required(top, "phases", root, "a list of phases (name, duration, rate)");
    PhaseSection phaseSection = new PhaseSection(in);
    List<Phase> written = phaseSection.phases(phasesNode, model, seed);
    List<Phase> phases = phaseSection.scaleMeasured(written);

    FlowSection flowSection = new FlowSection(in, target, TargetSection.url(in, top.get("target")));
    List<Flow> flows = new ArrayList<>();
    if (top.containsKey("requests")) {
      for (Node r : top.get("requests").items()) {
        flows.add(flowSection.request(r));
      }
    }
    if (top.containsKey("flows")) {
      for (Node f : top.get("flows").items()) {
        flows.add(flowSection.flow(f));
      }
    }
    String url = TargetSection.url(in, top.get("target"));
    boolean ws = WebSocketSection.applies(top.get("websocket"), url);
    if (ws && flows.isEmpty()) {
      flows.addAll(WebSocketSection.flows(target));
    }
    if (flows.isEmpty()) {
      throw new ScenarioException(
          in.fileName, root.line, "nothing to send: add 'requests:' or 'flows:'");
    }

    int workers = intOr(top.get("workers"), 1);
    int connections = intOr(top.get("connections"), Math.max(32, workers));
    if (in.overrides.workers() != null) {
      workers = in.overrides.workers();
    }
    if (in.overrides.connections() != null) {
      connections = in.overrides.connections();
    }
    rateCeiling(in, phasesNode, phases, workers);
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
    List<Criterion> criteria = CriteriaSection.criteria(in, top.get("criteria"));
    ResilienceSpec resilience =
        new ResilienceSpec(
            FaultSection.faults(in, top.get("faults"), written, phases),
            CriteriaSection.list(top.get("slo")),
            CriteriaSection.list(top.get("abortOn")));
    ProbeSpec probe =
        top.containsKey("health") ? HealthSection.probe(top.get("health"), target) : null;
    TlsSpec tls = TlsSection.tls(in, top.get("tls"));
    TargetMetricsSpec metrics =
        top.containsKey("targetMetrics")
            ? TargetMetricsSection.metrics(top.get("targetMetrics"), target)
            : null;
    int maxPerConnection =
        top.containsKey("maxRequestsPerConnection")
            ? top.get("maxRequestsPerConnection").positiveInt()
            : 0;
    WebSocketSpec wsSpec = ws ? WebSocketSection.spec(top.get("websocket"), url) : null;
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
              .okStatus(ExpectSection.status(top.get("expect")))
              .tls(tls)
              .maxRequestsPerConnection(maxPerConnection)
              .protocol(protocol)
              .maxStreams(maxStreams)
              .headerTableSize(headerTableSize)
              .targetMetrics(metrics)
              .protocol(ws ? Protocol.WEBSOCKET : protocol)
              .websocket(wsSpec)
              .timeoutNanos(WebSocketSection.timeout(ws ? top.get("websocket") : null, timeout))
              .build();
      return new Scenario(
          in.file, name, description, spec, CapacitySection.capacity(top.get("capacity")));
    } catch (InvalidInputException e) {
      throw new ScenarioException(in.fileName, root.line, e.getMessage());
    }
  }

  /** The run's rate ceiling, checked here so the error names the phase's line. */
  private static void rateCeiling(ScenarioFile in, Node phasesNode, List<Phase> phases, int w) {
    for (int i = 0; i < phases.size(); i++) {
      Phase p = phases.get(i);
      if (p.rate() != null && p.rate().peakRate() > RunSpec.MAX_RATE_PER_WORKER * w) {
        String why =
            String.format(
                Locale.ROOT,
                "rate %.0f/s is above the limit of %.0f/s per worker (%d worker%s);"
                    + " use more workers or shards",
                p.rate().peakRate(),
                RunSpec.MAX_RATE_PER_WORKER,
                w,
                w == 1 ? "" : "s");
        throw phasesNode
            .items()
            .get(i)
            .error(in.overrides.rate() != null ? "(--rate): " + why : why);
      }
    }
  }

  private static int intOr(Node node, int otherwise) {
    return node == null ? otherwise : node.positiveInt();
  }
}
