package dev.harness.engine.result;

import java.util.Locale;

/** The one-word outcome of a run, with the exit code the CLI returns for it. */
public enum Verdict {
  PASS(0),
  FAIL(1),
  INVALID(3),
  /** Stopped early because an abort condition ({@code --abort-on}) held. */
  ABORTED(5),
  INTERRUPTED(130);

  private final int exitCode;

  Verdict(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  /** Lower-case name used in JSON and reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
