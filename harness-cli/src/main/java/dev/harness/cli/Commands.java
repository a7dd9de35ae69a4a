package dev.harness.cli;

import dev.harness.engine.model.UserInfo;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.run.Compilers;
import dev.harness.report.RunInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** What every command needs to say about itself in a result: version and command line. */
final class Commands {
  private Commands() {}

  /**
   * The run's metadata: this harness, the command line as typed, this machine and its JIT
   * compilers.
   */
  static RunInfo info(CommandSpec spec, String scenario) {
    return RunInfo.ofThisMachine(Main.Version.version(), commandLine(spec), scenario)
        .withJit(Compilers.mode());
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

  /**
   * The command line as a user would type it again, arguments quoted where a shell needs it, with
   * its secrets as {@code ***}: it is written into result.json and every report.
   */
  static String commandLine(CommandSpec spec) {
    List<String> args =
        spec.root().commandLine().getParseResult() == null
            ? List.of()
            : spec.root().commandLine().getParseResult().originalArgs();
    StringBuilder sb = new StringBuilder("harness");
    for (String a : redacted(args)) {
      sb.append(' ').append(quote(a));
    }
    return sb.toString();
  }

  /**
   * The arguments with every secret replaced: a URL's user info, the value of an Authorization or
   * Cookie header, and the path of a TLS client key.
   */
  static List<String> redacted(List<String> args) {
    List<String> out = new ArrayList<>(args.size());
    String previous = "";
    for (String a : args) {
      String r;
      if (previous.equals("--client-key")) {
        r = UserInfo.REDACTED;
      } else if (a.startsWith("--client-key=")) {
        r = "--client-key=" + UserInfo.REDACTED;
      } else if (previous.equals("-H") || previous.equals("--header")) {
        r = UserInfo.redactHeaderLine(a);
      } else if (a.startsWith("--header=")) {
        r = "--header=" + UserInfo.redactHeaderLine(a.substring("--header=".length()));
      } else if (a.startsWith("-H") && a.length() > 2) {
        r = "-H" + UserInfo.redactHeaderLine(a.substring(2));
      } else {
        r = UserInfo.redactUrls(a);
      }
      out.add(r);
      previous = a;
    }
    return out;
  }

  private static String quote(String arg) {
    if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_./:=@%+,-]+")) {
      return arg;
    }
    return "'" + arg.replace("'", "'\\''") + "'";
  }
}
