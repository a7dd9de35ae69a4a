package dev.harness.engine.result;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/** An immutable count per {@link Outcome}. */
public final class OutcomeCounts {
  private final long[] counts;

  private OutcomeCounts(long[] counts) {
    this.counts = counts;
  }

  /** Copies counts indexed by {@link Outcome#ordinal()}. */
  public static OutcomeCounts of(long[] byOrdinal) {
    if (byOrdinal.length != Outcome.count()) {
      throw new IllegalArgumentException("expected " + Outcome.count() + " counts");
    }
    return new OutcomeCounts(byOrdinal.clone());
  }

  public static OutcomeCounts empty() {
    return new OutcomeCounts(new long[Outcome.count()]);
  }

  public long get(Outcome o) {
    return counts[o.ordinal()];
  }

  /** Every arrival accounted for. */
  public long total() {
    return Arrays.stream(counts).sum();
  }

  public long errors() {
    long n = 0;
    for (Outcome o : Outcome.values()) {
      if (o.isError()) {
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
    return new OutcomeCounts(sum);
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
    return o instanceof OutcomeCounts other && Arrays.equals(counts, other.counts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
