package dev.harness.engine.run;

import dev.harness.engine.model.Phase;
import java.util.List;

/**
 * The phases of a run on its time line: where each starts and how long it lasts, as offsets from
 * time zero. Immutable, so any thread may read it; each worker keeps its own.
 */
final class PhaseClock {
  private final long[] start;
  private final long[] length;

  PhaseClock(List<Phase> phases) {
    start = new long[phases.size()];
    length = new long[phases.size()];
    long at = 0;
    for (int p = 0; p < start.length; p++) {
      start[p] = at;
      length[p] = phases.get(p).durationNanos();
      at += length[p];
    }
  }

  int count() {
    return start.length;
  }

  /** Offset of phase {@code p}'s start from time zero. */
  long start(int p) {
    return start[p];
  }

  long length(int p) {
    return length[p];
  }

  /** The phase that holds an offset from time zero; the last one past the end. */
  int phaseAt(long offset) {
    int p = start.length - 1;
    while (p > 0 && offset < start[p]) {
      p--;
    }
    return p;
  }
}
