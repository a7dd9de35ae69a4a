package dev.harness.engine.schedule;

/**
 * The share of a schedule that worker {@code w} of {@code n} sends: arrivals w, w+n, w+2n, ... of
 * the phase. The slices of all workers together are exactly the phase's schedule, whatever its
 * shape, so fan-out never changes the offered load.
 */
public final class WorkerSlice implements ArrivalSlice {
  private final RateSchedule schedule;
  private final long worker;
  private final long workers;

  public WorkerSlice(RateSchedule schedule, int worker, int workers) {
    if (workers < 1 || worker < 0 || worker >= workers) {
      throw new IllegalArgumentException("worker " + worker + " of " + workers);
    }
    this.schedule = schedule;
    this.worker = worker;
    this.workers = workers;
  }

  @Override
  public long dueNanos(long i) {
    return schedule.dueNanos(worker + i * workers);
  }
}
