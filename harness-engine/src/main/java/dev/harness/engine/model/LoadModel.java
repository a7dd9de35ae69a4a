package dev.harness.engine.model;

/** How load is offered. */
public enum LoadModel {
  /**
   * Arrivals at a scheduled rate whatever the target does; latency counted from the intended start.
   */
  OPEN,
  /** Each connection sends its next request when the previous answer arrives (as wrk does). */
  CLOSED
}
