package dev.harness.engine.run;

/**
 * How a worker's arrivals come: on a schedule whatever the target does ({@link OpenArrivals}), or
 * one whenever a slot is free ({@link ClosedArrivals}). The worker asks its strategy wherever the
 * two load models differ and nowhere else.
 *
 * <p>Thread contract: every method runs on the worker's event loop.
 */
interface Arrivals {

  /** Time zero has come: start arriving; arrivals end at {@code runEndNanos} at the latest. */
  void begin(long runStartNanos, long runEndNanos);

  /** Arrivals have ended (schedule done, stopped, feeder ran out, gave up): start no more. */
  void end();

  /**
   * A slot is free and no arrival waits: returns true if it took the slot (the closed model sends
   * its next arrival on it), false to let it rest.
   */
  boolean take(Slot slot);

  /** A connection could not be opened while the run goes on. */
  void connectFailed();

  /** A connection closed while the run goes on. */
  void connectionLost();

  /**
   * The worker's loop is awake at {@code now} for an answer to a request sent at {@code sentNanos}:
   * a strategy with a schedule may send what is due rather than wait for its timer.
   */
  default void awake(long now, long sentNanos) {}

  /** How far the arrivals are behind their schedule at {@code now}; 0 when there is none. */
  long lagNanos(long now);

  /**
   * Whether a request's response time counts from its send (closed model: a request is due when it
   * is sent) rather than from its intended start.
   */
  boolean fromSend();
}
