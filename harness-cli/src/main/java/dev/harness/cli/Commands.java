package dev.harness.cli;

import dev.harness.report.RunInfo;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** What every command needs to say about itself in a result: version and command line. */
final class Commands {
  private Commands() {}

  /** The run's metadata: this harness, the command line as typed, this machine. */
  static RunInfo info(CommandSpec spec, String scenario) {
    return RunInfo.ofThisMachine(Main.Version.version(), commandLine(spec), scenario);
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
