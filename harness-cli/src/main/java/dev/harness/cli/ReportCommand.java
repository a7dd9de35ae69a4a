package dev.harness.cli;

import dev.harness.engine.time.InvalidInputException;
import dev.harness.report.Comparison;
import dev.harness.report.ReportSet;
import dev.harness.report.ResultFiles;
import dev.harness.report.ResultReader;
import dev.harness.report.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code harness report DIR|result.json}: renders a saved run again, without running anything. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Render a saved run again from its result.json and latency.hlog, without re-running it.",
      "PATH is a directory written by 'harness run --out DIR', or a result.json (its"
          + " latency.hlog is taken from the same directory when present). An incomplete run"
          + " (its process killed, crashed or still going) renders from its last checkpoint,"
          + " and a line on stderr says since when nothing was written."
    },
    footer = {
      "",
      "Examples:",
      "  harness report results/ --format html -o results/report.html",
      "  harness report results/result.json --format md >> \"$GITHUB_STEP_SUMMARY\"",
      "  harness report results/ --latency"
    })
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PATH", description = "Result directory or result.json.")
  Path path;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (the terminal summary), html, md or junit (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to FILE (atomically; - is standard output) instead of standard output.")
  Path output;

  @Option(
      names = "--latency",
      description = "With text: add the percentile distribution, as wrk2 --latency does.")
  boolean latency;

  @Option(
      names = "--baseline",
      paramLabel = "FILE|DIR",
      description = "Add a comparison with this earlier run, as 'run --baseline' does.")
  Path baseline;

  @Option(
      names = "--strict",
      description = "With --baseline: refuse a baseline of another target (exit 2).")
  boolean strict;

  @Option(
      names = "--max-regression",
      paramLabel = "METRIC=+N%",
      description = "Bound for --baseline; repeatable (default: p99=+50%% and rps=-50%%).")
  List<String> maxRegression = new ArrayList<>();

  @Override
  public Integer call() {
    Baseline base = Baseline.read(baseline, maxRegression, strict);
    RunReport report = ResultReader.read(path);
    String incomplete = IncompleteNote.of(path, report, Instant.now());
    if (incomplete != null) {
      // On stderr, so a rendering piped into a file stays only the rendering.
      spec.commandLine().getErr().println(incomplete);
      spec.commandLine().getErr().flush();
    }
    Comparison comparison = base == null ? null : base.compare(report);
    String text = ReportSet.render(format, report, comparison, latency);
    PrintWriter out = spec.commandLine().getOut();
    if (output != null && !ResultPaths.isStdout(output)) {
      try {
        ResultFiles.writeAtomically(output, text.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new InvalidInputException("cannot write " + output + ": " + e.getMessage());
      }
      spec.commandLine().getErr().println("harness: wrote " + output);
    } else {
      out.print(text);
      out.flush();
    }
    return Main.PASS;
  }
}
