package dev.harness.cli;

import dev.harness.engine.result.GeneratorHealth;
import dev.harness.report.RunInfo;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** What every command needs to say about itself in a result: version and command line. */
final class Commands {
  private Commands() {}

  /** The run's metadata: this harness, the command line as typed, this machine. */
  static RunInfo info(CommandSpec spec, String scenario) {
    return RunInfo.ofThisMachine(Main.Version.version(), commandLine(spec), scenario);
  }

  /**
   * Warns on {@code err}, before a run starts, when its workers outnumber the cores this JVM sees;
   * the result records the cores too, so its reports say the same.
   */
  static void warnIfWorkersExceedCores(PrintWriter err, int workers) {
    String warning =
        GeneratorHealth.coresWarning(workers, Runtime.getRuntime().availableProcessors());
    if (warning != null) {
      err.println("harness: warning: " + warning);
      err.flush();
    }
  }

  /** The command line as a user would type it again, arguments quoted where a shell needs it. */
  static String commandLine(CommandSpec spec) {
    List<String> args =
        spec.root().commandLine().getParseResult() == null
            ? List.of()
            : spec.root().commandLine().getParseResult().originalArgs();
    StringBuilder sb = new StringBuilder("harness");
    for (String a : args) {
      sb.append(' ').append(quote(a));
    }
    return sb.toString();
  }

  private static String quote(String arg) {
    if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_./:=@%+,-]+")) {
      return arg;
    }
    return "'" + arg.replace("'", "'\\''") + "'";
  }
}
