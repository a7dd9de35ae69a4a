package dev.harness.cli;

import dev.harness.engine.model.RunSpec;
import dev.harness.engine.resilience.FaultRun;
import dev.harness.engine.result.GeneratorSecond;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.ProbeResult;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.run.Compilers;
import dev.harness.engine.run.JitWarmup;
import dev.harness.engine.run.Measured;
import dev.harness.engine.run.RunListener;
import dev.harness.engine.run.TargetUnreachableException;
import dev.harness.engine.time.InvalidInputException;
import dev.harness.report.Comparison;
import dev.harness.report.ComparisonTable;
import dev.harness.report.LatencyLog;
import dev.harness.report.ReportSet;
import dev.harness.report.RunInfo;
import dev.harness.report.TextSummary;
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
    return execute(spec, output, WatchOptions.none(), Compilers.Choice.AUTO, command, scenario);
  }

  /**
   * Runs {@code spec} with a probe and live metrics as {@code watch} asks, on the compilers {@code
   * jit} asks for, and reports on it.
   *
   * @param command the command that asked for the run: its output streams and command line
   * @param scenario the scenario file the spec came from, or null for command-line flags
   */
  static int execute(
      RunSpec spec,
      OutputOptions output,
      WatchOptions watch,
      Compilers.Choice jit,
      CommandSpec command,
      String scenario)
      throws TargetUnreachableException, InterruptedException {
    // Armed before anything else: a signal from here to time zero ends the process with one line.
    try (Signals signals = Signals.run(output.graceNanos)) {
      PrintWriter err = command.commandLine().getErr();
      watch.check();
      spec = watch.apply(spec);
      prepare(output);
      Baseline baseline = Baseline.read(output.baseline, output.maxRegression, output.strict);
      if (baseline != null && baseline.strict()) {
        Comparison.checkSameTarget(baseline.report(), spec.url());
      }
      // Before the warm-up, which compiles for it, and before the run information, which names it.
      Compilers.use(spec, jit);
      RunInfo info = Commands.info(command, scenario).withId(RunInfo.newId());
      StreamedOut streamed = streamed(output, info, spec, err, signals);
      LiveEndpoints live = null;
      try {
        live = LiveEndpoints.start(watch, err);
        return execute(spec, output, live, command, info, baseline, streamed, signals);
      } finally {
        if (live != null) {
          live.close(); // after the results are written: lingers so the last scrape sees them
        }
        if (streamed != null) {
          streamed.close();
        }
      }
    }
  }

  private static int execute(
      RunSpec spec,
      OutputOptions output,
      LiveEndpoints live,
      CommandSpec command,
      RunInfo info,
      Baseline baseline,
      StreamedOut streamed,
      Signals signals)
      throws TargetUnreachableException, InterruptedException {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    Progress progress = new Progress(System.err, System.console() != null, spec.durationNanos());
    // Without --out no latency.hlog is written, so its per-second lines are not kept either: they
    // grew with the run (about 2 KB a second at 10,000/s).
    LatencyLog.Recorder latency = null;
    // The signals hear of time zero first, before a listener writes anything.
    RunListener listeners =
        both(
            started(signals),
            both(
                output.quiet ? RunListener.NONE : progress,
                streamed == null ? RunListener.NONE : streamed));
    StartLag lag = new StartLag();
    listeners = both(lag, listeners); // first: it reads the clock as the start gate opens
    if (live != null) {
      listeners = both(listeners, live.listener());
    }
    Commands.warnIfWorkersExceedCores(err, spec.workers());
    RequestLogWriter requests = RequestLogWriter.of(output, spec, out);
    if (requests != null) {
      listeners = both(listeners, requests);
    }
    RunResult result;
    // Held from before the first socket until the results are written (see the class).
    SpareDescriptors spares = SpareDescriptors.hold();
    try {
      JitWarmup.run(spec.protocol(), spec.model());
      FaultRun run = new FaultRun(spec, listeners, output.graceNanos);
      if (requests != null) {
        run.requestLog(requests.log());
      }
      signals.stopWith(run::stop);
      try {
        result = lag.stamp(run.execute());
      } catch (TargetUnreachableException e) {
        // The run started and ended here: it still leaves its result, so CI can show why.
        err.println("harness: target unreachable: " + e.getMessage());
        result = e.result(spec, Instant.now());
      } finally {
        signals.stopWith(null);
        if (live != null) {
          live.runEnded();
        }
      }
    } finally {
      spares.release();
    }
    progress.finish();
    if (requests != null) {
      requests.finish(err, output.requests);
    }

    ReportSet files;
    try {
      files = streamed == null ? ReportSet.of(result, info, latency) : streamed.finish(result);
    } catch (IOException e) {
      err.println("harness: cannot write results: " + e.getMessage());
      err.flush();
      return Main.USAGE;
    }
    Comparison comparison = baseline == null ? null : baseline.compare(files.report());
    // With --json - standard output carries the JSON alone, for a pipe; the summary goes to stderr.
    PrintWriter summary =
        ResultPaths.isStdout(output.json) || ResultPaths.isStdout(output.requests) ? err : out;
    summary.print(TextSummary.render(files.report(), output.latency));
    if (comparison != null) {
      summary.println();
      summary.print(ComparisonTable.text(comparison));
    }
    summary.flush();
    try {
      if (output.json != null) {
        ResultPaths.write(output.json, files.json(), out);
        if (!ResultPaths.isStdout(output.json)) {
          err.println("harness: wrote " + output.json);
        }
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
    if (signals.interrupted()) {
      // A signal that came after the run ended (during the final write) did not cut it short:
      // the files keep its verdict, the exit code says the process was told to stop.
      return Main.INTERRUPTED;
    }
    if (result.verdict() == Verdict.PASS && comparison != null && !comparison.held()) {
      return Main.FAIL;
    }
    return result.verdict().exitCode();
  }

  /** Tells the signals the run's time zero came. */
  private static RunListener started(Signals signals) {
    return new RunListener() {
      @Override
      public void onStart(long startNanos, Instant startedAt) {
        signals.started();
      }

      @Override
      public void onInterval(
          IntervalStats stats, Histogram response, Map<String, Histogram> responseByName) {}
    };
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
   * are removed now (with {@code --force}; without, such a folder is refused), so the folder never
   * mixes two runs.
   */
  private static StreamedOut streamed(
      OutputOptions output, RunInfo info, RunSpec spec, PrintWriter err, Signals signals) {
    if (output.out == null) {
      return null;
    }
    if (output.checkpointNanos <= 0) {
      throw new InvalidInputException("--checkpoint must be longer than 0");
    }
    StreamedOut.refuseEarlierRun(output.out, output.force);
    try {
      StreamedOut[] opened = new StreamedOut[1];
      // Never half cleared: a signal meanwhile takes effect once the old set is gone.
      signals.whole(
          () -> opened[0] = StreamedOut.open(output.out, info, output.checkpointNanos, spec, err));
      return opened[0];
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
    if (output.requests != null) {
      if (ResultPaths.isStdout(output.json) && ResultPaths.isStdout(output.requests)) {
        throw new InvalidInputException("--json - and --requests - cannot both be stdout");
      }
      ResultPaths.writableFile(output.requests);
    }
    if (output.out != null) {
      if (ResultPaths.isStdout(output.out)) {
        throw new InvalidInputException("--out needs a directory; for JSON on stdout use --json -");
      }
      if (Files.exists(output.out) && !Files.isDirectory(output.out)) {
        throw new InvalidInputException("--out " + output.out + " is a file; give a directory");
      }
      ResultPaths.writableDirectory(output.out.toAbsolutePath());
    }
  }
}
