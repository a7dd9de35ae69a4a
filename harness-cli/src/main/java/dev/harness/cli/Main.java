package dev.harness.cli;

import dev.harness.engine.model.UserInfo;
import dev.harness.engine.run.Compilers;
import dev.harness.engine.run.LateStartException;
import dev.harness.engine.run.TargetUnreachableException;
import dev.harness.engine.time.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code harness} command: an open-model HTTP load generator with honest latency. */
@Command(
    name = "harness",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Open-model HTTP load tests with latency measured from the intended start.",
    subcommands = {
      RunCommand.class,
      ReportCommand.class,
      CompareCommand.class,
      CapacityCommand.class,
      DemoCommand.class,
      ServeCommand.class,
      ValidateCommand.class,
      ProxyCommand.class,
      CompletionCommand.class,
      MergeCommand.class,
      K8sCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 pass, 1 criteria failed, 2 bad input or usage, 3 run invalid",
      "(target unreachable or generator behind), 4 internal error, 5 aborted",
      "(--abort-on), 6 late start (--start-at passed by more than --start-tolerance;",
      "nothing sent), 130 interrupted."
    })
public final class Main {
  /** Exit codes, as documented in README.md. */
  public static final int PASS = 0;

  public static final int FAIL = 1;
  public static final int USAGE = 2;
  public static final int INVALID = 3;
  public static final int INTERNAL = 4;
  public static final int ABORTED = 5;
  public static final int INTERRUPTED = 130;

  /** A shard reached --start-at later than --start-tolerance and did not run. */
  public static final int LATE_START = 6;

  public static void main(String[] args) {
    Signals.install(); // first: from here to the last byte written, INT and TERM are ours
    Compilers.ownJvm(); // this JVM is ours alone: a run may choose its JIT compilers
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it directly. */
  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new Main());
    // -V on every subcommand prints the same version as 'harness -V'.
    for (CommandLine sub : cmd.getSubcommands().values()) {
      sub.getCommandSpec().versionProvider(new Version());
    }
    cmd.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          String name = ex.getCommandLine().getCommandSpec().qualifiedName();
          err.println("harness: " + ex.getMessage() + " (see '" + name + " --help')");
          err.flush();
          return USAGE;
        });
    cmd.setExecutionExceptionHandler(
        (ex, command, parseResult) -> {
          PrintWriter err = command.getErr();
          int code;
          if (ex instanceof InvalidInputException) {
            // A bad URL is quoted back: without its password, which CI logs would keep.
            err.println("harness: " + UserInfo.redactUrls(ex.getMessage()));
            code = USAGE;
          } else if (ex instanceof LateStartException) {
            err.println("harness: " + ex.getMessage());
            code = LATE_START;
          } else if (ex instanceof TargetUnreachableException) {
            err.println("harness: target unreachable: " + ex.getMessage());
            code = INVALID;
          } else {
            err.println(
                "harness: internal error: "
                    + ex
                    + " (please report it; rerun with -Dharness.trace=true for the stack)");
            if (Boolean.getBoolean("harness.trace")) {
              ex.printStackTrace(err);
            }
            code = INTERNAL;
          }
          err.flush();
          return code;
        });
    return cmd;
  }

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      return new String[] {"harness " + version()};
    }

    static String version() {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("/harness-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        return "unknown";
      }
      return p.getProperty("version", "unknown");
    }
  }
}
