package dev.harness.engine.result;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable count per {@link Outcome}, with the answers also counted by exact status and the
 * number of answers whose status the run did not expect.
 *
 * <p>An answer is counted under its status class (2xx to 5xx) whether it was expected or not; it is
 * an error when its status is not one the run expects ({@code --ok-status}, a step's {@code
 * expect}), which by default means 4xx and 5xx. So {@link #errors()} is every non-answer error
 * outcome plus {@link #unexpected()}.
 */
public final class OutcomeCounts {
  private static final SortedMap<Integer, Long> NO_STATUS = Collections.emptySortedMap();

  private final long[] counts;
  private final long unexpected;
  private final SortedMap<Integer, Long> byStatus;

  private OutcomeCounts(long[] counts, long unexpected, SortedMap<Integer, Long> byStatus) {
    this.counts = counts;
    this.unexpected = unexpected;
    this.byStatus = byStatus;
  }

  /**
   * Copies counts indexed by {@link Outcome#ordinal()}, with the default expectation: every 4xx and
   * 5xx answer is unexpected. No count by status.
   */
  public static OutcomeCounts of(long[] byOrdinal) {
    checkLength(byOrdinal);
    return of(
        byOrdinal,
        byOrdinal[Outcome.S4XX.ordinal()] + byOrdinal[Outcome.S5XX.ordinal()],
        NO_STATUS);
  }

  /**
   * Copies counts indexed by {@link Outcome#ordinal()}; {@code unexpected} answers were not of an
   * expected status; {@code byStatus} counts answers by exact status (zero counts left out).
   */
  public static OutcomeCounts of(long[] byOrdinal, long unexpected, Map<Integer, Long> byStatus) {
    checkLength(byOrdinal);
    SortedMap<Integer, Long> statuses = NO_STATUS;
    if (!byStatus.isEmpty()) {
      statuses = new TreeMap<>();
      for (Map.Entry<Integer, Long> e : byStatus.entrySet()) {
        if (e.getValue() != 0) {
          statuses.put(e.getKey(), e.getValue());
        }
      }
      statuses = Collections.unmodifiableSortedMap(statuses);
    }
    return new OutcomeCounts(byOrdinal.clone(), unexpected, statuses);
  }

  private static void checkLength(long[] byOrdinal) {
    if (byOrdinal.length != Outcome.count()) {
      throw new IllegalArgumentException("expected " + Outcome.count() + " counts");
    }
  }

  public static OutcomeCounts empty() {
    return new OutcomeCounts(new long[Outcome.count()], 0, NO_STATUS);
  }

  /** Answers whose status was not expected: errors, though counted under their status class. */
  public long unexpected() {
    return unexpected;
  }

  /** Answers by exact status, ascending; statuses never seen are left out. */
  public SortedMap<Integer, Long> byStatus() {
    return byStatus;
  }

  /**
   * Answers with this status ({@code 429}) or in this class ({@code 4xx}); a class is read from the
   * class counts, so it is known even where the counts by status are not.
   */
  public long status(String codeOrClass) {
    if (codeOrClass.endsWith("xx")) {
      return counts[codeOrClass.charAt(0) - '2'];
    }
    return byStatus.getOrDefault(Integer.parseInt(codeOrClass), 0L);
  }

  public long get(Outcome o) {
    return counts[o.ordinal()];
  }

  /** Every arrival accounted for. */
  public long total() {
    return Arrays.stream(counts).sum();
  }

  /** Arrivals that ended in an error: a non-answer error outcome or an unexpected status. */
  public long errors() {
    long n = unexpected;
    for (Outcome o : Outcome.values()) {
      if (o.isError() && !o.isResponse()) {
        n += counts[o.ordinal()];
      }
    }
    return n;
  }

  /** Answers with any status. */
  public long responses() {
    long n = 0;
    for (Outcome o : Outcome.values()) {
      if (o.isResponse()) {
        n += counts[o.ordinal()];
      }
    }
    return n;
  }

  public OutcomeCounts plus(OutcomeCounts other) {
    long[] sum = counts.clone();
    for (int i = 0; i < sum.length; i++) {
      sum[i] += other.counts[i];
    }
    SortedMap<Integer, Long> statuses = byStatus;
    if (!other.byStatus.isEmpty()) {
      TreeMap<Integer, Long> merged = new TreeMap<>(byStatus);
      other.byStatus.forEach((k, v) -> merged.merge(k, v, Long::sum));
      statuses = Collections.unmodifiableSortedMap(merged);
    }
    return new OutcomeCounts(sum, unexpected + other.unexpected, statuses);
  }

  /** Label to count, in enum order, zero counts included. */
  public Map<Outcome, Long> asMap() {
    Map<Outcome, Long> m = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      m.put(o, counts[o.ordinal()]);
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OutcomeCounts other
        && Arrays.equals(counts, other.counts)
        && unexpected == other.unexpected
        && byStatus.equals(other.byStatus);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts) * 31 + Long.hashCode(unexpected);
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
