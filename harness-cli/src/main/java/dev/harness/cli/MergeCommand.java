package dev.harness.cli;

import dev.harness.engine.judge.Ending;
import dev.harness.engine.judge.Judge;
import dev.harness.engine.judge.Judgement;
import dev.harness.engine.judge.Measurements;
import dev.harness.engine.judge.Rules;
import dev.harness.engine.model.Criterion;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.time.InvalidInputException;
import dev.harness.report.ReportSet;
import dev.harness.report.RunInfo;
import dev.harness.report.ShardMerge;
import dev.harness.report.ShardSet;
import dev.harness.report.TextSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code harness merge DIR... --out DIR}: the shards of one test put back together and judged. */
@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    description = {
      "Merge the --out folders of the shards of one test (run --shard K/N): checks they are one"
          + " test (scenario hash, shard count, start) with every index 0..N-1 once and finished,"
          + " adds their histograms exactly, sums counts, computes rates over the common window,"
          + " and judges the test's criteria once, on the merged result."
    },
    footer = {
      "",
      "Examples:",
      "  harness merge results/shard-0 results/shard-1 --out results/merged",
      "  harness merge results/shard-* --out merged --allow-partial 1",
      "",
      "Exit codes: 0 pass, 1 criteria failed, 2 bad input, 3 invalid (a shard",
      "missing, given twice, unfinished, of another test, or invalid itself; or",
      "partial without --accept-partial)."
    })
final class MergeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", arity = "1..*", description = "The shards' --out folders.")
  List<Path> dirs = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Write the merged result.json, latency.hlog, report.html, junit.xml and summary.md here.")
  Path out;

  @Option(
      names = "--allow-partial",
      paramLabel = "M",
      defaultValue = "0",
      description =
          "Merge even when up to M shards are missing or cannot be counted: verdict partial,"
              + " rate criteria scaled to the shards present. Still exit 3 unless"
              + " --accept-partial.")
  int allowPartial;

  @Option(
      names = "--accept-partial",
      description = "With --allow-partial: exit by the criteria (0 or 1) on a partial merge.")
  boolean acceptPartial;

  @Option(names = "--latency", description = "Add the percentile distribution to the summary.")
  boolean latency;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    if (allowPartial < 0) {
      throw new InvalidInputException("--allow-partial must be 0 or more, got " + allowPartial);
    }
    if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
      throw new InvalidInputException("--out " + out + " is a file; give a directory");
    }
    ShardSet set = ShardSet.read(dirs);
    set.problems().forEach(p -> err.println("harness: merge: " + p.text()));
    if (set.present().isEmpty()) {
      err.println("harness: merge: no shard of the test can be counted");
      err.flush();
      return Main.INVALID;
    }
    int absent = set.absent().size();
    boolean partial = absent > 0 && absent <= allowPartial;
    double share = (double) set.present().size() / set.count();
    ShardMerge merge = ShardMerge.of(set);
    List<Criterion> criteria =
        merge.criteria().stream()
            .map(c -> partial ? scaled(Criterion.parse(c), share) : Criterion.parse(c))
            .toList();
    long length = merge.phases().stream().mapToLong(p -> p.stats().durationNanos()).sum();
    Judgement j =
        Judge.judge(
            new Rules(criteria, merge.openModel(), merge.warmupNanos(), null),
            Measurements.of(
                    merge.measured(), merge.intervals(), null, null, null, Ending.completed(length))
                .withRequests(merge.requests()));
    Verdict judged = j.cause().verdict();
    String verdict = judged.label();
    String reason = j.reason();
    int code = judged.exitCode();
    List<String> invalid = set.invalid();
    if (absent > allowPartial) {
      verdict = Verdict.INVALID.label();
      reason = problems(set);
      code = Main.INVALID;
    } else if (!invalid.isEmpty()) {
      verdict = Verdict.INVALID.label();
      reason = String.join("; ", invalid);
      code = Main.INVALID;
    } else if (partial) {
      verdict = "partial";
      reason =
          set.present().size()
              + " of "
              + set.count()
              + " shards ("
              + problems(set)
              + "); rates are the shards present's, rate criteria scaled to them"
              + (reason == null ? "" : "; " + reason);
      code = acceptPartial ? judged.exitCode() : Main.INVALID;
    }
    invalid.forEach(line -> err.println("harness: merge: " + line));
    // The shards' JVMs compiled their load, not this one: no "jit" of its own.
    RunInfo info = Commands.info(spec, null).withId(RunInfo.newId()).withJit(null);
    ReportSet files = merge.files(verdict, reason, j.criteria(), info);
    o.print(TextSummary.render(files.report(), latency));
    o.flush();
    if (out != null) {
      try {
        Files.createDirectories(out);
        files.writeTo(out, null);
        err.println(
            "harness: wrote result.json, latency.hlog, report.html, junit.xml, summary.md into "
                + out);
      } catch (IOException e) {
        err.println("harness: cannot write results: " + e.getMessage());
        err.flush();
        return Main.USAGE;
      }
    }
    err.flush();
    return code;
  }

  private static String problems(ShardSet set) {
    return set.problems().stream().map(ShardSet.Problem::text).collect(Collectors.joining("; "));
  }

  /** A rate criterion for the share of the test's shards that are present. */
  private static Criterion scaled(Criterion c, double share) {
    if (c.metric() != Criterion.Metric.RPS) {
      return c;
    }
    return new Criterion(
        c.metric(),
        c.percentile(),
        c.op(),
        c.threshold() * share,
        c.percent(),
        c.unit(),
        c.status(),
        c.name(),
        c.overNanos());
  }
}
