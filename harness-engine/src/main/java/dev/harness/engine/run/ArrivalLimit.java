package dev.harness.engine.run;

import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RunSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ends a run after a set number of measured arrivals ({@code harness run -n N}): worker {@code w}
 * of {@code W} sends {@code N / W} of them, one more when {@code w < N % W}, so together they send
 * exactly N. Warm-up arrivals do not count. A worker whose share is spent ends its own arrivals;
 * when the last one has, the run ends early with a note saying so.
 *
 * <p>Thread contract: thread-safe; each {@link Share} is owned by one worker's event loop.
 */
final class ArrivalLimit {
  private final long total;
  private final int workers;
  private final AtomicInteger left;
  private final Runnable allSent;

  /**
   * @param allSent run once, on the loop of the last worker to spend its share
   */
  ArrivalLimit(long total, int workers, Runnable allSent) {
    this.total = total;
    this.workers = workers;
    this.left = new AtomicInteger(workers);
    this.allSent = allSent;
  }

  /** The limit of {@code spec}, or null when it has none. */
  static ArrivalLimit of(RunSpec spec, Runnable allSent) {
    return spec.arrivalLimit() == 0
        ? null
        : new ArrivalLimit(spec.arrivalLimit(), spec.workers(), allSent);
  }

  long total() {
    return total;
  }

  /** Worker {@code w}'s share, counted over the phases of {@code phases} that are measured. */
  Share share(int w, List<Phase> phases) {
    boolean[] measured = new boolean[phases.size()];
    for (int p = 0; p < measured.length; p++) {
      measured[p] = !phases.get(p).warmup();
    }
    return new Share(total / workers + (w < total % workers ? 1 : 0), measured);
  }

  /** One worker's share. Owned by that worker's event loop; not thread-safe. */
  final class Share {
    private final long quota;
    private final boolean[] measured;
    private long sent;
    private boolean spent;

    private Share(long quota, boolean[] measured) {
      this.quota = quota;
      this.measured = measured;
    }

    /**
     * Whether an arrival in phase {@code phase} may be sent; false once the share is spent (the
     * worker then ends its arrivals). Warm-up arrivals always may.
     */
    boolean take(int phase) {
      if (phase < 0 || phase >= measured.length || !measured[phase]) {
        return true;
      }
      if (sent < quota) {
        sent++;
        return true;
      }
      if (!spent) {
        spent = true;
        if (left.decrementAndGet() == 0) {
          allSent.run();
        }
      }
      return false;
    }
  }
}
