package dev.harness.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where results go and how the end of a run is handled; shared by run-like commands. */
final class OutputOptions {
  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Write the result as JSON to FILE (written atomically).")
  Path json;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write result files into DIR (result.json).")
  Path out;

  @Option(
      names = "--grace",
      paramLabel = "TIME",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "On Ctrl-C or SIGTERM, how long in-flight requests may finish (default: ${DEFAULT-VALUE}).")
  long graceNanos;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress lines while running.")
  boolean quiet;
}
