package dev.harness.engine.run;

/**
 * A shard reached its {@code --start-at} instant later than its tolerance allows and refused to
 * run: sending the arrivals it missed in a burst would load the target as the test never asked, and
 * starting late would shift its part of the schedule against the other shards'.
 */
public final class LateStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LateStartException(String message) {
    super(message, null, false, false);
  }
}
