package dev.harness.engine.judge;

/**
 * How a run's arrivals ended: with the schedule, stopped from outside (a signal, an abort
 * condition), ended early by the scenario itself (a feeder that does not wrap ran out of rows), or
 * by the generator's own failure (out of memory, out of file descriptors). A run stopped from
 * outside is not judged on its criteria; one the scenario ended early is, with a note saying so;
 * one the generator could not go on with is invalid.
 *
 * @param atNanos when arrivals ended, from time zero; {@code scheduledNanos} when the schedule ran
 *     its course
 * @param scheduledNanos the schedule's length
 * @param interrupted whether arrivals were stopped from outside before the schedule's end
 * @param endedEarly why the scenario ended arrivals before the schedule did, e.g. {@code feeder
 *     users.csv ran out of rows}; null when it did not
 * @param generatorFailure why the generator could not go on, one line naming it; null when it could
 */
public record Ending(
    long atNanos,
    long scheduledNanos,
    boolean interrupted,
    String endedEarly,
    String generatorFailure) {

  public Ending {
    if (interrupted && endedEarly != null) {
      throw new IllegalArgumentException("an ending is either interrupted or early, not both");
    }
  }

  public Ending(long atNanos, long scheduledNanos, boolean interrupted, String endedEarly) {
    this(atNanos, scheduledNanos, interrupted, endedEarly, null);
  }

  /** Arrivals ran the whole schedule. */
  public static Ending completed(long scheduledNanos) {
    return new Ending(scheduledNanos, scheduledNanos, false, null);
  }

  /** Arrivals were stopped from outside at {@code atNanos}. */
  public static Ending interrupted(long atNanos, long scheduledNanos) {
    return new Ending(atNanos, scheduledNanos, true, null);
  }

  /** The scenario ended arrivals at {@code atNanos}, for the reason given. */
  public static Ending early(long atNanos, long scheduledNanos, String why) {
    return new Ending(atNanos, scheduledNanos, false, why);
  }

  /**
   * The generator could not go on ({@code why}); {@code atNanos} is when arrivals ended, or the
   * schedule's length when they had ended before it failed.
   */
  public static Ending failed(long atNanos, long scheduledNanos, String why) {
    return new Ending(atNanos, scheduledNanos, false, null, why);
  }
}
