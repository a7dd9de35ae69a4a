package dev.harness.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The command line that runs the harness CLI in a child JVM, for tests that signal it. */
final class ChildHarness {
  private ChildHarness() {}

  /**
   * {@code java -cp CLASSPATH Main ARGS}. A process started from a non-interactive shell may
   * inherit SIGINT as ignored, which a JVM cannot undo; {@code env --default-signal} (where it
   * exists) gives the child the disposition a terminal would.
   */
  static List<String> command(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (new File("/usr/bin/env").canExecute() && envHasDefaultSignal()) {
      cmd.addAll(List.of("/usr/bin/env", "--default-signal=INT"));
    }
    cmd.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static boolean envHasDefaultSignal() throws Exception {
    Process p = new ProcessBuilder("/usr/bin/env", "--default-signal=INT", "true").start();
    return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
