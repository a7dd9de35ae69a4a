package dev.harness.cli;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.FaultWindow;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.ResilienceSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Target;
import dev.harness.engine.run.Compilers;
import dev.harness.engine.scenario.Overrides;
import dev.harness.engine.scenario.Scenario;
import dev.harness.engine.scenario.ScenarioLoader;
import dev.harness.engine.time.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code harness run URL|scenario.yaml}: one request at a fixed arrival rate (or with fixed
 * connections), or a scenario file with flags that override it.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Offer load to URL, or run a scenario file, and judge it against criteria.",
      "Open model (default): arrivals at --rate whatever the target does; response time counts"
          + " from each arrival's intended start, so queueing shows up as latency.",
      "Closed model (--closed): each connection sends its next request when the answer arrives."
    },
    footer = {
      "",
      "Examples:",
      "  harness run http://127.0.0.1:8080/ -R 5k -d 30s -t 2 -c 64 -a 'p99 < 5ms'",
      "  harness run http://127.0.0.1:8080/ --closed -c 64 -d 10s --json result.json",
      "  harness run http://127.0.0.1:8080/ -R 2000 -d 60s \\",
      "      --probe http://127.0.0.1:8080/health \\",
      "      --assert 'availability >= 99.9%%' --metrics-port 9464",
      "  harness run scenarios/perf-storm.yaml --target http://127.0.0.1:8080 \\",
      "      --duration 20s"
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "URL|FILE",
      description = "Target, http[s]://host[:port]/path, or a scenario file (.yaml).")
  String url;

  @Option(
      names = "--target",
      paramLabel = "URL",
      description = "With a scenario file: the target, replacing the file's.")
  String target;

  @Option(
      names = {"-R", "--rate"},
      paramLabel = "N",
      converter = SiNumber.Rate.class,
      description =
          "Arrivals per second (open model; required unless --closed); 2k is 2000, 1.5M is"
              + " 1500000.")
  Double rate;

  @Option(
      names = {"-d", "--duration"},
      paramLabel = "TIME",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "Measured duration, after the warm-up (default: ${DEFAULT-VALUE}). With a scenario:"
              + " its measured phases scaled to this total.")
  long durationNanos;

  @Option(
      names = "--warmup",
      paramLabel = "TIME",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Warm-up at the same rate before the measured part; reported, not judged. With a"
              + " scenario: its warm-up phases scaled to this total (0s drops them).")
  long warmupNanos;

  @Option(
      names = {"-c", "--connections"},
      paramLabel = "N",
      defaultValue = "32",
      converter = SiNumber.Count.class,
      description =
          "Maximum connections in total, spread over the workers (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = {"-t", "--workers"},
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Event loops sending load; keep at or below the cores (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = {"-n", "--count"},
      paramLabel = "N",
      converter = SiNumber.LongCount.class,
      description =
          "Stop after N measured arrivals (warm-up not counted), as hey and ab -n do; -d still"
              + " caps the run. Without -d the duration is N / --rate, or at most 1h with --closed.")
  Long count;

  @Mixin RequestOptions request;

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
      names = "--tick",
      paramLabel = "TIME",
      converter = DurationConverter.class,
      description =
          "Open model: a worker wakes for arrivals at most once per TIME and sends those"
              + " due together; their wait is part of their latency. 0s wakes for every arrival"
              + " (more CPU per request). Default: the scenario's, else 500us.")
  Long tickNanos;

  @Option(
      names = "--jit",
      paramLabel = "auto|c1|tiered",
      defaultValue = "auto",
      description =
          "The generator JVM's compilers: c1 alone (no C2 compiling on the workers' cores in"
              + " the first seconds), tiered (C1 and C2: more throughput per core), or auto"
              + " (default): c1 for the open model up to 50k arrivals/s per worker.")
  String jit;

  @Option(
      names = "--closed",
      description =
          "Closed model: each of -c connections sends its next request when the answer arrives.")
  boolean closed;

  @Option(
      names = {"-a", "--assert"},
      paramLabel = "CRITERION",
      description =
          "Success criterion; repeatable. Latency: p50 p90 p95 p99 p99.9 mean max with a"
              + " unit ('p99 < 5ms'); throughput: 'rps >= 1000'; errors: 'errors < 0.1%%' or"
              + " 'errors <= 10'; resilience: 'recovery < 5s', 'availability >= 99.9%%' (share"
              + " of good probes with --probe, else of seconds within the SLO).")
  List<String> asserts = new ArrayList<>();

  @Option(
      names = "--fault",
      paramLabel = "at=TIME,for=TIME,FAULT",
      description =
          "Fault window; repeatable. The fault proxy is started in front of the target"
              + " and the load goes through it: 'at=20s,for=10s,latency 200ms'. Faults: latency"
              + " 200ms [jitter 20ms], bandwidth 100KB/s, reset, blackhole, close-after 1000,"
              + " status 503 [50%%].")
  List<String> faults = new ArrayList<>();

  @Option(
      names = "--slo",
      paramLabel = "CRITERION",
      description =
          "What each second must meet to count as available; repeatable. Default: the"
              + " criteria judgeable per second (p50 p90 p99 max rps, errors in %%), else"
              + " 'errors < 1%%'. With 'over': on the sliding window ending with each second"
              + " ('p99 < 50ms over 30s').")
  List<String> slo = new ArrayList<>();

  @Option(
      names = "--abort-on",
      paramLabel = "CRITERION",
      description =
          "Stop the run early once this holds on everything measured so far, e.g. 'errors"
              + " > 10%%'; repeatable. Verdict aborted, exit 5. With 'over': on the last seconds"
              + " only, e.g. 'errors > 10%% over 10s'.")
  List<String> abortOn = new ArrayList<>();

  @Option(
      names = "--recovery-hold",
      paramLabel = "TIME",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "After an outage nobody injected (seconds missing the SLO), how long the SLO"
              + " must hold again for it to count as recovered (default: ${DEFAULT-VALUE}).")
  long recoveryHoldNanos;

  @Mixin OutputOptions output;

  @Mixin WatchOptions watch;

  @Mixin ProtocolOptions protocol;

  @Mixin TargetMetricsOptions targetMetrics;
  @Mixin ShardOptions shard;
  @Mixin WebSocketOptions websocket;

  @Override
  public Integer call() throws Exception {
    if (isScenario()) {
      Scenario sc = scenario();
      RunSpec file = sc.spec();
      RunSpec run =
          withTick(
              file.toBuilder()
                  .resilience(resilience(file.resilience()))
                  .arrivalLimit(Count.limit(count))
                  .build());
      run =
          protocol.apply(
              tls.applyTo(request.withOkStatus(run), spec.commandLine().getParseResult()));
      run = targetMetrics.apply(run);
      run = shard.apply(run, spec.commandLine().getParseResult(), Path.of(url));
      return RunExecutor.execute(
          run, output, watch, jit(), spec, sc.name() + " (" + sc.file() + ")");
    }
    RunSpec run =
        protocol.apply(
            websocket.apply(
                tls.applyTo(
                    request.withOkStatus(withTick(toSpec())), spec.commandLine().getParseResult()),
                url,
                spec.commandLine().getParseResult()));
    run = targetMetrics.apply(run);
    run = shard.apply(run, spec.commandLine().getParseResult(), null);
    return RunExecutor.execute(run, output, watch, jit(), spec, null);
  }

  private Compilers.Choice jit() {
    Compilers.Choice c = Compilers.Choice.of(jit);
    if (c == null) {
      throw new InvalidInputException("--jit must be auto, c1 or tiered, got '" + jit + "'");
    }
    return c;
  }

  private RunSpec withTick(RunSpec run) {
    if (tickNanos == null) {
      return run;
    }
    String problem = RunSpec.tickProblem(tickNanos);
    if (problem != null) {
      throw new InvalidInputException("--tick " + problem);
    }
    return run.toBuilder().tickNanos(tickNanos).build();
  }

  private boolean durationGiven() {
    return spec.commandLine().getParseResult().hasMatchedOption("--duration");
  }

  private boolean isScenario() {
    return ScenarioLoader.looksLikeScenario(url)
        || (!url.contains("://") && Files.isRegularFile(Path.of(url)));
  }

  /** The scenario file, with the flags the user gave overriding its values. */
  Scenario scenario() {
    ParseResult given = spec.commandLine().getParseResult();
    RequestOptions.refuseWithScenario(given, url);
    if (given.hasMatchedOption("--closed")) {
      throw new InvalidInputException(
          "--closed does not apply to a scenario file: set it in " + url);
    }
    if (rate != null && (!(rate > 0) || rate.isInfinite())) {
      throw new InvalidInputException("--rate must be a positive number, got " + rate);
    }
    if (given.hasMatchedOption("--duration") && durationNanos <= 0) {
      throw new InvalidInputException("--duration must be positive");
    }
    if (warmupNanos < 0) {
      throw new InvalidInputException("--warmup must not be negative");
    }
    Overrides o =
        new Overrides(
            target,
            rate,
            given.hasMatchedOption("--duration") ? durationNanos : null,
            given.hasMatchedOption("--warmup") ? warmupNanos : null,
            given.hasMatchedOption("--workers") ? workers : null,
            given.hasMatchedOption("--connections") ? connections : null,
            given.hasMatchedOption("--assert") ? asserts : null);
    return ScenarioLoader.load(Path.of(url), o);
  }

  RunSpec toSpec() {
    if (this.target != null) {
      throw new InvalidInputException("--target applies to scenario files; give the URL instead");
    }
    Target target = Target.parse(url);
    if (!closed && rate == null) {
      throw new InvalidInputException("missing --rate (arrivals per second), or use --closed");
    }
    if (closed && rate != null) {
      throw new InvalidInputException(
          "--rate does not apply to --closed (the connections set the pace)");
    }
    if (rate != null && (!(rate > 0) || rate.isInfinite())) {
      throw new InvalidInputException("--rate must be a positive number, got " + rate);
    }
    if (durationNanos <= 0) {
      throw new InvalidInputException("--duration must be positive");
    }
    if (warmupNanos < 0) {
      throw new InvalidInputException("--warmup must not be negative");
    }
    long durationNanos = Count.duration(count, rate, this.durationNanos, durationGiven());
    RequestSpec request = this.request.toRequest(target, url);
    RateProfile profile = closed ? null : new RateProfile.Constant(rate);
    List<Phase> phases = new ArrayList<>();
    if (warmupNanos > 0) {
      phases.add(new Phase("warmup", warmupNanos, profile, true));
    }
    phases.add(new Phase("main", durationNanos, profile, false));
    List<Criterion> criteria = asserts.stream().map(Criterion::parse).toList();
    // Built before the resilience flags are read, so a flaw in the run is named before one in them.
    RunSpec plain =
        RunSpec.builder()
            .target(target)
            .request(request)
            .phases(phases)
            .model(closed ? LoadModel.CLOSED : LoadModel.OPEN)
            .workers(workers)
            .connections(connections)
            .timeoutNanos(timeoutNanos)
            .criteria(criteria)
            .arrivalLimit(Count.limit(count))
            .build();
    return plain.toBuilder().resilience(resilience(ResilienceSpec.NONE)).build();
  }

  /** The resilience part: the flags given replace the file's (or nothing's) values. */
  private ResilienceSpec resilience(ResilienceSpec file) {
    ParseResult given = spec.commandLine().getParseResult();
    return new ResilienceSpec(
            given.hasMatchedOption("--fault")
                ? faults.stream().map(FaultWindow::parse).toList()
                : file.faults(),
            given.hasMatchedOption("--slo")
                ? slo.stream().map(Criterion::parse).toList()
                : file.slo(),
            given.hasMatchedOption("--abort-on")
                ? abortOn.stream().map(Criterion::parse).toList()
                : file.abortOn())
        .withRecoveryHold(recoveryHoldNanos);
  }
}
