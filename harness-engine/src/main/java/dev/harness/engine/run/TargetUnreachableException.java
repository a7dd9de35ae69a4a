package dev.harness.engine.run;

/** No connection to the target could be opened before the run: nothing can be measured (exit 3). */
public final class TargetUnreachableException extends Exception {
  public TargetUnreachableException(String message) {
    super(message, null, false, false);
  }
}
