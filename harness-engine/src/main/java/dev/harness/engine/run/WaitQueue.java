package dev.harness.engine.run;

/**
 * Arrivals waiting for a free slot, oldest intended start first. An entry is the intended start
 * (System.nanoTime), the phase, and either a flow index (the first request of a fixed
 * single-request flow, for which no {@link FlowRun} is made) or the {@link FlowRun} whose current
 * step waits.
 *
 * <p>Entries are kept in parallel arrays that grow by doubling: adding and taking allocate nothing.
 * Most entries come in time order and are appended; one that is older than the last (a late arrival
 * after a flow step queued at its answer) moves back past the younger ones.
 *
 * <p>Thread contract: owned by one worker's event loop; not thread-safe.
 */
final class WaitQueue {
  /**
   * Most arrivals that may wait (about 50 MB): the queue must not grow until memory runs out when
   * the offered rate is beyond what the worker or the target can take. An arrival due while it is
   * full is counted {@code unsent} at once.
   */
  static final int MAX = 1 << 21;

  private long[] intended = new long[64];
  private int[] phase = new int[64];
  private int[] flow = new int[64];
  private FlowRun[] run = new FlowRun[64];
  private int head;
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  /** Adds the first request of fixed flow {@code flowIndex}, due at {@code intendedNanos}. */
  void addFixed(long intendedNanos, int phaseIndex, int flowIndex) {
    add(intendedNanos, phaseIndex, flowIndex, null);
  }

  /** Adds the current step of {@code flowRun}, due at its intended time. */
  void addStep(FlowRun flowRun) {
    add(flowRun.intendedNanos, flowRun.phase, -1, flowRun);
  }

  private void add(long t, int ph, int f, FlowRun r) {
    if (size == intended.length) {
      grow();
    }
    int mask = intended.length - 1;
    int i = size;
    // Stable: behind every entry due at or before t.
    while (i > 0 && intended[(head + i - 1) & mask] - t > 0) {
      int from = (head + i - 1) & mask;
      int to = (head + i) & mask;
      intended[to] = intended[from];
      phase[to] = phase[from];
      flow[to] = flow[from];
      run[to] = run[from];
      i--;
    }
    int at = (head + i) & mask;
    intended[at] = t;
    phase[at] = ph;
    flow[at] = f;
    run[at] = r;
    size++;
  }

  private void grow() {
    int n = intended.length;
    long[] t = new long[n * 2];
    int[] ph = new int[n * 2];
    int[] f = new int[n * 2];
    FlowRun[] r = new FlowRun[n * 2];
    for (int i = 0; i < size; i++) {
      int from = (head + i) & (n - 1);
      t[i] = intended[from];
      ph[i] = phase[from];
      f[i] = flow[from];
      r[i] = run[from];
    }
    intended = t;
    phase = ph;
    flow = f;
    run = r;
    head = 0;
  }

  /** Intended start of the oldest entry; the queue must not be empty. */
  long intended() {
    return intended[head];
  }

  /** Phase of the oldest entry. */
  int phase() {
    return phase[head];
  }

  /** Flow index of the oldest entry if it is a fixed request, else -1. */
  int flow() {
    return flow[head];
  }

  /** The flow run of the oldest entry, or null if it is a fixed request. */
  FlowRun run() {
    return run[head];
  }

  /** Drops the oldest entry. */
  void remove() {
    run[head] = null;
    head = (head + 1) & (intended.length - 1);
    size--;
  }
}
