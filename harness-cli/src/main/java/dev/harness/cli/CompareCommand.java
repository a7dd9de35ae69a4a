package dev.harness.cli;

import dev.harness.engine.time.InvalidInputException;
import dev.harness.report.Comparison;
import dev.harness.report.ComparisonTable;
import dev.harness.report.ResultReader;
import dev.harness.report.RunReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code harness compare BASELINE CURRENT}: two saved runs side by side, judged by bounds. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Compare two saved runs (result.json files or --out directories).",
      "Achieved rate, latency percentiles and errors side by side, with the change of each."
          + " Exit 1 when a --max-regression bound is exceeded, 0 when all hold. Runs of"
          + " different loads (a peak against its baseline) or targets compare too, with a note"
          + " saying so."
    },
    footer = {
      "",
      "Examples:",
      "  harness compare last-week/ this-week/",
      "  harness compare base.json new.json --max-regression 'p99=+50%%' \\",
      "      --max-regression 'rps=-10%%'",
      "",
      "Exit codes: 0 within bounds, 1 a bound exceeded, 2 bad input (or, with --strict,",
      "runs of different targets), 3 a run is invalid (its figures do not measure the",
      "target)."
    })
final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BASELINE", description = "The earlier run.")
  Path baseline;

  @Parameters(index = "1", paramLabel = "CURRENT", description = "The run to judge.")
  Path current;

  @Option(
      names = "--max-regression",
      paramLabel = "METRIC=+N%",
      description =
          "How far a metric may move; repeatable. METRIC: rps offered p50 p90 p95 p99"
              + " p99.9 p99.99 max mean errors. '+N%%' bounds a rise, '-N%%' a drop, 'errors=+Npp'"
              + " the error rate in percentage points. Default: p99=+50%% and rps=-50%%.")
  List<String> maxRegression = new ArrayList<>();

  @Option(
      names = "--strict",
      description = "Refuse (exit 2) runs of different targets instead of comparing with a note.")
  boolean strict;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or md (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() {
    var bounds = Baseline.bounds(maxRegression);
    if (!format.equals("text") && !format.equals("md")) {
      throw new InvalidInputException("unknown format '" + format + "' (known: text, md)");
    }
    RunReport base = ResultReader.read(baseline);
    RunReport cur = ResultReader.read(current);
    Comparison c = Comparison.of(base, cur, bounds, strict);
    PrintWriter out = spec.commandLine().getOut();
    out.print(format.equals("md") ? ComparisonTable.markdown(c) : ComparisonTable.text(c));
    out.flush();
    for (RunReport r : List.of(base, cur)) {
      if (r.verdict().equals("invalid")) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(
            "harness: the "
                + (r == base ? "baseline" : "current")
                + " run is invalid, its figures do not measure the target: "
                + r.reason());
        err.flush();
        return Main.INVALID;
      }
    }
    return c.held() ? Main.PASS : Main.FAIL;
  }
}
