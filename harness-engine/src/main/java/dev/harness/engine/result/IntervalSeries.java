package dev.harness.engine.result;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run's per-second series kept as primitive columns: about 170 bytes a second instead of a
 * record, a count array and a status map per second, so a 24 h run holds about 15 MB where objects
 * took several times that. {@link #snapshot} hands out an immutable view whose entries are built
 * when read.
 *
 * <p>Thread contract: one writer appends ({@link #add}); a snapshot may be read by any thread it is
 * safely handed to (it reads only the entries appended before it was taken, which never change; a
 * column that grows is copied into a new array, the old one stays as it was).
 */
public final class IntervalSeries {
  private static final int OUTCOMES = Outcome.count();
  private static final int LONGS = 9; // start, end, scheduled, sent, unexpected, p50, p90, p99, max

  private long[] values = new long[64 * LONGS];
  private long[] outcomes = new long[64 * OUTCOMES];
  private int[] statusFrom = new int[65]; // entry k's statuses are [statusFrom[k], statusFrom[k+1])
  private int[] statusCode = new int[64];
  private long[] statusCount = new long[64];
  private int size;
  private int statuses;

  /** Appends one second. */
  public void add(IntervalStats s) {
    if ((size + 1) * LONGS > values.length) {
      values = Arrays.copyOf(values, values.length * 2);
      outcomes = Arrays.copyOf(outcomes, outcomes.length * 2);
      statusFrom = Arrays.copyOf(statusFrom, statusFrom.length * 2);
    }
    int v = size * LONGS;
    values[v] = s.startNanos();
    values[v + 1] = s.endNanos();
    values[v + 2] = s.scheduled();
    values[v + 3] = s.sent();
    values[v + 4] = s.outcomes().unexpected();
    values[v + 5] = s.responseP50();
    values[v + 6] = s.responseP90();
    values[v + 7] = s.responseP99();
    values[v + 8] = s.responseMax();
    for (Outcome o : Outcome.values()) {
      outcomes[size * OUTCOMES + o.ordinal()] = s.outcomes().get(o);
    }
    for (Map.Entry<Integer, Long> e : s.outcomes().byStatus().entrySet()) {
      if (statuses == statusCode.length) {
        statusCode = Arrays.copyOf(statusCode, statuses * 2);
        statusCount = Arrays.copyOf(statusCount, statuses * 2);
      }
      statusCode[statuses] = e.getKey();
      statusCount[statuses] = e.getValue();
      statuses++;
    }
    size++;
    statusFrom[size] = statuses;
  }

  public int size() {
    return size;
  }

  /** The seconds appended so far, as a list that never changes. */
  public List<IntervalStats> snapshot() {
    return new View(size, values, outcomes, statusFrom, statusCode, statusCount);
  }

  private static final class View extends Snapshot<IntervalStats> {
    private final long[] values;
    private final long[] outcomes;
    private final int[] statusFrom;
    private final int[] statusCode;
    private final long[] statusCount;

    View(
        int size,
        long[] values,
        long[] outcomes,
        int[] statusFrom,
        int[] statusCode,
        long[] statusCount) {
      super(size);
      this.values = values;
      this.outcomes = outcomes;
      this.statusFrom = statusFrom;
      this.statusCode = statusCode;
      this.statusCount = statusCount;
    }

    @Override
    public IntervalStats get(int k) {
      if (k < 0 || k >= size()) {
        throw new IndexOutOfBoundsException(k);
      }
      int v = k * LONGS;
      Map<Integer, Long> byStatus = Map.of();
      if (statusFrom[k + 1] > statusFrom[k]) {
        byStatus = new TreeMap<>();
        for (int i = statusFrom[k]; i < statusFrom[k + 1]; i++) {
          byStatus.put(statusCode[i], statusCount[i]);
        }
      }
      long[] counts = Arrays.copyOfRange(outcomes, k * OUTCOMES, (k + 1) * OUTCOMES);
      return new IntervalStats(
          values[v],
          values[v + 1],
          values[v + 2],
          values[v + 3],
          OutcomeCounts.of(counts, values[v + 4], byStatus),
          values[v + 5],
          values[v + 6],
          values[v + 7],
          values[v + 8]);
    }
  }
}
