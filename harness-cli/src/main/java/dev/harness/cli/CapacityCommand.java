package dev.harness.cli;

import dev.harness.engine.capacity.CapacitySearch;
import dev.harness.engine.capacity.LoadStepRunner;
import dev.harness.engine.capacity.StepSpecs;
import dev.harness.engine.model.CapacityPlan;
import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Target;
import dev.harness.engine.result.CapacityResult;
import dev.harness.engine.result.CapacityStep;
import dev.harness.engine.run.JitWarmup;
import dev.harness.engine.scenario.CapacitySettings;
import dev.harness.engine.scenario.Overrides;
import dev.harness.engine.scenario.Scenario;
import dev.harness.engine.scenario.ScenarioLoader;
import dev.harness.engine.time.Durations;
import dev.harness.engine.time.InvalidInputException;
import dev.harness.report.CapacityHtml;
import dev.harness.report.CapacityJson;
import dev.harness.report.CapacityText;
import dev.harness.report.RunInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code harness capacity URL}: the highest arrival rate that still meets the SLO. */
@Command(
    name = "capacity",
    mixinStandardHelpOptions = true,
    description = {
      "Find the highest rate URL serves within the SLO.",
      "Open-model steps at rates doubling from"
          + " --start until one fails, then bisecting between the highest pass and the lowest"
          + " failure until they are within --precision. Each step is a full run (warm-up"
          + " excluded) judged as 'harness run' judges its criteria.",
      "A step the generator could not hold is run again, up to twice; if it never keeps up,"
          + " the search ends there: the limit found is the generator's, and the output says so."
    },
    footer = {
      "",
      "Exit codes: 0 capacity found (at or above --require); 1 below --require, or the",
      "first step failed; 2 bad input; 3 the generator's limit or a target that never",
      "answered ended the search (0 if a passing step already met --require);",
      "130 interrupted (what was found is still printed and written).",
      "",
      "Example:",
      "  harness capacity http://127.0.0.1:8080/ --slo 'p99 < 50ms' \\",
      "      --slo 'errors < 0.1%%' --start 500 --step-duration 20s --out report"
    })
final class CapacityCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "URL|FILE",
      description =
          "Target, http://host[:port]/path, or a scenario file whose request, workers and"
              + " capacity: block set the search (flags win).")
  String target;

  @Option(
      names = "--target",
      paramLabel = "URL",
      description = "With a scenario file: the target, replacing the file's.")
  String targetOverride;

  /** The scenario file's capacity block, when the argument is a file. */
  private CapacitySettings file = CapacitySettings.NONE;

  /** The scenario as result metadata names it ({@code NAME (FILE)}), null for a URL. */
  private String scenario;

  @Option(
      names = "--slo",
      paramLabel = "CRITERION",
      description =
          "Criterion every step must meet; repeatable, as 'run --assert': 'p99 < 50ms',"
              + " 'errors < 0.1%%', 'rps >= 1000'.")
  List<String> slo = new ArrayList<>();

  @Option(
      names = "--start",
      paramLabel = "N",
      converter = SiNumber.Rate.class,
      defaultValue = "500",
      description = "Rate of the first step, per second (default: ${DEFAULT-VALUE}).")
  double start;

  @Option(
      names = "--max",
      paramLabel = "N",
      converter = SiNumber.Rate.class,
      defaultValue = "200000",
      description = "Highest rate to try, per second (default: ${DEFAULT-VALUE}).")
  double max;

  @Option(
      names = "--step-duration",
      paramLabel = "TIME",
      defaultValue = "20s",
      converter = DurationConverter.class,
      description = "Measured length of each step (default: ${DEFAULT-VALUE}).")
  long stepNanos;

  @Option(
      names = "--warmup",
      paramLabel = "TIME",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Warm-up at the step's rate before it, not judged (default: ${DEFAULT-VALUE}).")
  long warmupNanos;

  @Option(
      names = "--precision",
      paramLabel = "PCT",
      defaultValue = "5%",
      description =
          "Stop bisecting when the lowest failure is within PCT of the highest pass"
              + " (default: ${DEFAULT-VALUE}).")
  String precision;

  @Option(
      names = "--rate-tolerance",
      paramLabel = "PCT",
      defaultValue = "2%",
      description =
          "A step passes only if its achieved rate is within PCT of its offered rate, as well"
              + " as meeting the SLO (default: ${DEFAULT-VALUE}).")
  String rateTolerance;

  @Option(
      names = "--require",
      paramLabel = "N",
      description = "Exit 1 unless the capacity is at least N per second (at most --max).")
  Double require;

  @Option(
      names = {"-c", "--connections"},
      paramLabel = "N",
      converter = SiNumber.Count.class,
      description =
          "Connections for every step. Default: per step, 2 x rate x the tightest latency"
              + " SLO (the timeout without one), between 32 and 1024, so connections do not set"
              + " the knee.")
  Integer connections;

  @Option(
      names = {"-t", "--workers"},
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Event loops sending load; keep at or below the cores (default: ${DEFAULT-VALUE}).")
  int workers;

  @Mixin RequestOptions request;

  @Mixin ProtocolOptions protocol;
  @Mixin TlsOptions tls;

  @Option(
      names = "--timeout",
      paramLabel = "TIME",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "Per-request timeout from the moment it is written (default: ${DEFAULT-VALUE}).")
  long timeoutNanos;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Write the HTML report (plot of p99 and achieved rate, knee marked) to FILE.")
  Path html;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Write the search as JSON to FILE (written atomically).")
  Path json;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write capacity.json and capacity.html into DIR.")
  Path out;

  @Option(
      names = "--grace",
      paramLabel = "TIME",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "On Ctrl-C or SIGTERM, how long in-flight requests may finish (default: ${DEFAULT-VALUE}).")
  long graceNanos;

  @Option(
      names = {"-q", "--quiet"},
      description = "No line per step while searching.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    RunSpec base = protocol.apply(tls.applyTo(baseSpec(), spec.commandLine().getParseResult()));
    CapacityPlan plan = plan(base);
    Map<Path, Function<CapacityResult, byte[]>> files = resultFiles();
    files.keySet().forEach(ResultPaths::writableFile);
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (plan.slo().stream().noneMatch(c -> c.metric() == Criterion.Metric.ERRORS)) {
      // Latency criteria judge the answers only: without an error bound, a step where most
      // arrivals time out or are never sent can pass, and the capacity would be false.
      err.println(
          "harness: note: the SLO bounds no errors, so a step passes even if most requests fail;"
              + " add --slo 'errors < 0.1%'");
    }
    Commands.warnIfWorkersExceedCores(err, base.workers());
    CapacitySearch search =
        new CapacitySearch(base, plan, new LoadStepRunner(base, plan, graceNanos));
    CapacityResult result;
    JitWarmup.run(base.protocol(), base.model());
    try (Signals signals = Signals.onStop(search::stop)) {
      result = search.run(quiet ? CapacitySearch.Listener.NONE : progress(base, plan, err));
    }
    // A file named '-' is standard output, which then carries it alone; the text goes to stderr.
    PrintWriter text = files.keySet().stream().anyMatch(ResultPaths::isStdout) ? err : stdout;
    text.print(CapacityText.render(result));
    text.flush();
    for (Map.Entry<Path, Function<CapacityResult, byte[]>> f : files.entrySet()) {
      try {
        ResultPaths.write(f.getKey(), f.getValue().apply(result), stdout);
        if (!ResultPaths.isStdout(f.getKey())) {
          err.println("harness: wrote " + f.getKey());
        }
      } catch (IOException e) {
        err.println("harness: cannot write " + f.getKey() + ": " + e.getMessage());
        err.flush();
        return Main.USAGE;
      }
    }
    err.flush();
    return result.exitCode();
  }

  /**
   * The run every step is built from: target, request, workers, connections and timeout; its phases
   * and criteria are replaced per step. The one seam for scenario files: the scenario loader (issue
   * 3) returns this spec for a {@code .yaml} argument, and its {@code capacity:} block supplies the
   * defaults of {@link #plan}.
   */
  RunSpec baseSpec() {
    String lower = target == null ? "" : target.toLowerCase(Locale.ROOT);
    if (ScenarioLoader.looksLikeScenario(lower)) {
      Overrides o =
          new Overrides(
              targetOverride,
              null,
              null,
              null,
              given("--workers") ? workers : null,
              given("--connections") ? connections : null,
              null);
      if (spec != null) {
        RequestOptions.refuseWithScenario(spec.commandLine().getParseResult(), target);
      }
      Scenario sc = ScenarioLoader.load(Path.of(target), o);
      file = sc.capacity();
      scenario = sc.name() + " (" + sc.file() + ")";
      return request.withOkStatus(sc.spec());
    }
    if (targetOverride != null) {
      throw new InvalidInputException("--target applies to scenario files; give the URL instead");
    }
    Target t = Target.parse(target);
    RequestSpec request = this.request.toRequest(t, target);
    // A placeholder phase: every step replaces it with its own warm-up and measured part.
    Phase placeholder = new Phase("step", stepPositive(), new RateProfile.Constant(1), false);
    int conns = connections == null ? Math.max(workers, 1) : connections;
    return this.request.withOkStatus(
        RunSpec.builder()
            .target(t)
            .request(request)
            .phases(List.of(placeholder))
            .model(LoadModel.OPEN)
            .workers(workers)
            .connections(conns)
            .timeoutNanos(timeoutNanos)
            .build());
  }

  private boolean given(String option) {
    return spec != null && spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  CapacityPlan plan(RunSpec base) {
    List<Criterion> criteria = slo.stream().map(Criterion::parse).toList();
    if (criteria.isEmpty()) {
      criteria = file.slo(); // a scenario's capacity.slo
    }
    if (criteria.isEmpty()) {
      criteria = base.criteria(); // a scenario's own criteria, when it has no capacity.slo
    }
    // A scenario's capacity: block fills in what the command line did not give.
    if (!given("--start") && file.start() != null) {
      start = file.start();
    }
    if (!given("--max") && file.max() != null) {
      max = file.max();
    }
    if (!given("--step-duration") && file.stepNanos() != null) {
      stepNanos = file.stepNanos();
    }
    if (!given("--warmup") && file.warmupNanos() != null) {
      warmupNanos = file.warmupNanos();
    }
    if (!given("--precision") && file.precision() != null) {
      precision = (file.precision() * 100) + "%";
    }
    if (!given("--rate-tolerance") && file.rateTolerance() != null) {
      rateTolerance = (file.rateTolerance() * 100) + "%";
    }
    if (!given("--require") && file.require() != null) {
      require = file.require();
    }
    if (connections != null && connections < 1) {
      throw new InvalidInputException("--connections must be at least 1, got " + connections);
    }
    return new CapacityPlan(
        criteria,
        start,
        max,
        parsePrecision(precision),
        stepNanos,
        warmupNanos,
        connections == null ? 0 : connections,
        require == null ? 0 : require,
        parsePercent("--rate-tolerance", rateTolerance));
  }

  private long stepPositive() {
    if (stepNanos <= 0) {
      throw new InvalidInputException("--step-duration must be positive");
    }
    return stepNanos;
  }

  /** {@code 5%} or {@code 5} is five percent; the plan checks the range. */
  static double parsePrecision(String text) {
    return parsePercent("--precision", text);
  }

  /** {@code 2%} or {@code 2} is two percent, as a ratio; the plan checks the range. */
  static double parsePercent(String option, String text) {
    String s = text == null ? "" : text.trim();
    if (s.endsWith("%")) {
      s = s.substring(0, s.length() - 1).trim();
    }
    try {
      double pct = Double.parseDouble(s);
      if (Double.isNaN(pct)) {
        throw new NumberFormatException();
      }
      return pct / 100;
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          option + ": expected a percentage such as 5%, got '" + text + "'");
    }
  }

  private Map<Path, Function<CapacityResult, byte[]>> resultFiles() {
    Map<Path, Function<CapacityResult, byte[]>> files = new LinkedHashMap<>();
    RunInfo info = Commands.info(spec, scenario).withId(RunInfo.newId());
    Function<CapacityResult, byte[]> asJson = r -> CapacityJson.toBytes(r, info);
    Function<CapacityResult, byte[]> asHtml = r -> CapacityHtml.toBytes(r, info);
    if (json != null) {
      files.put(json, asJson);
    }
    if (html != null) {
      files.put(html, asHtml);
    }
    if (out != null) {
      files.put(out.resolve("capacity.json"), asJson);
      files.put(out.resolve("capacity.html"), asHtml);
    }
    return files;
  }

  /** A line when each step starts and its table row when it ends, on stderr. */
  private static CapacitySearch.Listener progress(
      RunSpec base, CapacityPlan plan, PrintWriter err) {
    return new CapacitySearch.Listener() {
      @Override
      public void stepStarting(int number, CapacityStep.Stage stage, double rate) {
        if (number == 1) {
          err.println(CapacityText.header(plan));
        }
        err.printf(
            Locale.ROOT,
            "%4d  %-6s  %9.1f/s  for %s after %s warm-up, %d connections...%n",
            number,
            stage.label(),
            rate,
            Durations.format(plan.stepNanos()),
            Durations.format(plan.warmupNanos()),
            StepSpecs.connections(base, plan, rate));
        err.flush();
      }

      @Override
      public void stepDone(CapacityStep step) {
        err.println(CapacityText.stepLine(step, plan));
        err.flush();
      }
    };
  }
}
