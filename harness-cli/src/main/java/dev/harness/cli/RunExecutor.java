package dev.harness.cli;

import dev.harness.engine.metrics.LiveMetrics;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.resilience.FaultRun;
import dev.harness.engine.result.GeneratorSecond;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.ProbeResult;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.run.JitWarmup;
import dev.harness.engine.run.Measured;
import dev.harness.engine.run.RunListener;
import dev.harness.engine.run.TargetUnreachableException;
import dev.harness.engine.time.InvalidInputException;
import dev.harness.report.Comparison;
import dev.harness.report.ComparisonTable;
import dev.harness.report.LatencyLog;
import dev.harness.report.ReportSet;
import dev.harness.report.ResultFiles;
import dev.harness.report.RunInfo;
import dev.harness.report.TextSummary;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs a spec the way every run-like command does: progress, summary, comparison with a baseline,
 * result files, exit code.
 */
final class RunExecutor {
  private RunExecutor() {}

  /**
   * Runs {@code spec} and reports on it.
   *
   * @param command the command that asked for the run: its output streams and command line
   * @param scenario the scenario file the spec came from, or null for command-line flags
   */
  static int execute(RunSpec spec, OutputOptions output, CommandSpec command, String scenario)
      throws TargetUnreachableException, InterruptedException {
    return execute(spec, output, WatchOptions.none(), command, scenario);
  }

  /**
   * Runs {@code spec} with a probe and live metrics as {@code watch} asks, and reports on it.
   *
   * @param command the command that asked for the run: its output streams and command line
   * @param scenario the scenario file the spec came from, or null for command-line flags
   */
  static int execute(
      RunSpec spec, OutputOptions output, WatchOptions watch, CommandSpec command, String scenario)
      throws TargetUnreachableException, InterruptedException {
    PrintWriter err = command.commandLine().getErr();
    watch.check();
    spec = watch.apply(spec);
    prepare(output);
    Baseline baseline = Baseline.read(output.baseline, output.maxRegression, output.strict);
    if (baseline != null && baseline.strict()) {
      Comparison.checkSameTarget(baseline.report(), spec.target().url());
    }
    RunInfo info = Commands.info(command, scenario).withId(RunInfo.newId());
    StreamedOut streamed = streamed(output, info, spec, err);
    try {
      return execute(spec, output, watch, command, info, baseline, streamed);
    } finally {
      if (streamed != null) {
        streamed.close();
      }
    }
  }

  private static int execute(
      RunSpec spec,
      OutputOptions output,
      WatchOptions watch,
      CommandSpec command,
      RunInfo info,
      Baseline baseline,
      StreamedOut streamed)
      throws TargetUnreachableException, InterruptedException {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    Progress progress = new Progress(System.err, System.console() != null, spec.durationNanos());
    // Without --out no latency.hlog is written, so its per-second lines are not kept either: they
    // grew with the run (about 2 KB a second at 10,000/s).
    LatencyLog.Recorder latency = null;
    RunListener listeners =
        both(
            output.quiet ? RunListener.NONE : progress,
            streamed == null ? RunListener.NONE : streamed);
    PrometheusMeterRegistry registry = null;
    MetricsServer metrics = null;
    if (watch.metricsPort != null) {
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      metrics = MetricsServer.start(watch.metricsPort, registry);
      listeners = both(listeners, new LiveMetrics(registry));
      err.println("harness: live metrics at http://127.0.0.1:" + metrics.port() + "/metrics");
      err.flush();
    }
    Commands.warnIfWorkersExceedCores(err, spec.workers());
    JitWarmup.run(spec.protocol());
    FaultRun run = new FaultRun(spec, listeners, output.graceNanos);
    RunResult result;
    try (Signals signals = Signals.onStop(run::stop)) {
      result = run.execute();
    } finally {
      if (metrics != null) {
        metrics.close();
        registry.close();
      }
    }
    progress.finish();

    ReportSet files;
    try {
      files = streamed == null ? ReportSet.of(result, info, latency) : streamed.finish(result);
    } catch (IOException e) {
      err.println("harness: cannot write results: " + e.getMessage());
      err.flush();
      return Main.USAGE;
    }
    Comparison comparison = baseline == null ? null : baseline.compare(files.report());
    out.print(TextSummary.render(files.report(), output.latency));
    if (comparison != null) {
      out.println();
      out.print(ComparisonTable.text(comparison));
    }
    out.flush();
    try {
      if (output.json != null) {
        ResultFiles.writeAtomically(output.json, files.json());
        err.println("harness: wrote " + output.json);
      }
      if (output.out != null) {
        files.writeTo(output.out, comparison);
        err.println(
            "harness: wrote result.json, latency.hlog, report.html, junit.xml, summary.md into "
                + output.out);
      }
    } catch (IOException e) {
      err.println("harness: cannot write results: " + e.getMessage());
      err.flush();
      return Main.USAGE;
    }
    err.flush();
    if (result.verdict() == Verdict.PASS && comparison != null && !comparison.held()) {
      return Main.FAIL;
    }
    return result.verdict().exitCode();
  }

  /** Both listeners hear every interval, generator second and probe poll. */
  private static RunListener both(RunListener a, RunListener b) {
    return new RunListener() {
      @Override
      public void onStart(long startNanos) {
        a.onStart(startNanos);
        b.onStart(startNanos);
      }

      @Override
      public void onStart(long startNanos, Instant startedAt) {
        a.onStart(startNanos, startedAt);
        b.onStart(startNanos, startedAt);
      }

      @Override
      public void onCheckpoint(Supplier<Measured> partial) {
        a.onCheckpoint(partial);
        b.onCheckpoint(partial);
      }

      @Override
      public void onInterval(
          IntervalStats stats, Histogram response, Map<String, Histogram> responseByName) {
        a.onInterval(stats, response, responseByName);
        b.onInterval(stats, response, responseByName);
      }

      @Override
      public void onGenerator(GeneratorSecond second) {
        a.onGenerator(second);
        b.onGenerator(second);
      }

      @Override
      public void onProbe(ProbeResult.Poll poll) {
        a.onProbe(poll);
        b.onProbe(poll);
      }
    };
  }

  /**
   * With {@code --out}: the set written while the run lasts; the previous run's files in the folder
   * are removed now, so the folder never mixes two runs.
   */
  private static StreamedOut streamed(
      OutputOptions output, RunInfo info, RunSpec spec, PrintWriter err) {
    if (output.out == null) {
      return null;
    }
    if (output.checkpointNanos <= 0) {
      throw new InvalidInputException("--checkpoint must be longer than 0");
    }
    try {
      return StreamedOut.open(output.out, info, output.checkpointNanos, spec, err);
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot clear the previous results in " + output.out + ": " + e.getMessage());
    }
  }

  /** Checks before the run that results can be written, so a long run is never wasted. */
  private static void prepare(OutputOptions output) {
    if (output.json != null) {
      ResultPaths.writableFile(output.json);
    }
    if (output.out != null) {
      if (Files.exists(output.out) && !Files.isDirectory(output.out)) {
        throw new InvalidInputException("--out " + output.out + " is a file; give a directory");
      }
      ResultPaths.writableDirectory(output.out.toAbsolutePath());
    }
  }
}
