package dev.harness.cli;

import dev.harness.engine.model.InvalidInputException;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.run.LoadRun;
import dev.harness.engine.run.RunListener;
import dev.harness.engine.run.TargetUnreachableException;
import dev.harness.report.ResultFiles;
import dev.harness.report.ResultJson;
import dev.harness.report.TextSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a spec the way every run-like command does: progress, summary, result files, exit code. */
final class RunExecutor {
  private RunExecutor() {}

  static int execute(RunSpec spec, OutputOptions output, PrintWriter out, PrintWriter err)
      throws TargetUnreachableException, InterruptedException {
    List<Path> files = resultFiles(output);
    prepare(files);
    Progress progress = new Progress(System.err, System.console() != null, spec.durationNanos());
    LoadRun run = new LoadRun(spec, output.quiet ? RunListener.NONE : progress, output.graceNanos);
    RunResult result;
    try (Signals signals = Signals.onStop(run::stop)) {
      result = run.execute();
    }
    progress.finish();
    out.print(TextSummary.render(result));
    out.flush();
    byte[] json = ResultJson.toBytes(result);
    for (Path f : files) {
      try {
        ResultFiles.writeAtomically(f, json);
        err.println("harness: wrote " + f);
      } catch (IOException e) {
        err.println("harness: cannot write " + f + ": " + e.getMessage());
        err.flush();
        return Main.USAGE;
      }
    }
    err.flush();
    return result.verdict().exitCode();
  }

  private static List<Path> resultFiles(OutputOptions output) {
    List<Path> files = new ArrayList<>();
    if (output.json != null) {
      files.add(output.json);
    }
    if (output.out != null) {
      files.add(output.out.resolve("result.json"));
    }
    return files;
  }

  /** Checks before the run that results can be written, so a long run is never wasted. */
  private static void prepare(List<Path> files) {
    for (Path f : files) {
      Path dir = f.toAbsolutePath().getParent();
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new InvalidInputException("cannot create directory " + dir + ": " + e.getMessage());
      }
      if (!Files.isWritable(dir)) {
        throw new InvalidInputException("cannot write into " + dir);
      }
      if (Files.isDirectory(f)) {
        throw new InvalidInputException(f + " is a directory; give a file name");
      }
    }
  }
}
