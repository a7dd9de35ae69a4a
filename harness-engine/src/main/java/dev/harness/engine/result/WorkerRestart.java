package dev.harness.engine.result;

/**
 * A worker whose event-loop task threw, and what the harness did about it.
 *
 * @param worker index of the worker
 * @param atNanos when it threw, from the run's time zero
 * @param error the exception, one line
 * @param backoffNanos how long the worker paused before it went on; 0 when it gave up
 * @param gaveUp whether this was one failure too many: the worker sent nothing more
 */
public record WorkerRestart(
    int worker, long atNanos, String error, long backoffNanos, boolean gaveUp) {}
