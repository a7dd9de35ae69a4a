package dev.harness.engine.result;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why checks failed in the measured phases, counted by reason ({@code token: json /user: expected
 * 'alice', got 'bob'}), most frequent first. At most {@link #MAX_REASONS} distinct reasons are
 * kept; the rest are counted together under {@link #OTHER}, so an error storm with a different
 * value in every answer stays a short list. Immutable.
 *
 * @param reasons each reason with its count, most frequent first ({@link #OTHER} last)
 */
public record CheckFailures(List<Reason> reasons) {
  /** Distinct reasons kept per run (and per worker before they are merged). */
  public static final int MAX_REASONS = 20;

  /** The reason the failures beyond {@link #MAX_REASONS} distinct reasons are counted under. */
  public static final String OTHER = "other";

  /** No check failed. */
  public static final CheckFailures NONE = new CheckFailures(List.of());

  /** One reason and how many failures gave it. */
  public record Reason(String reason, long count) {}

  public CheckFailures {
    reasons = List.copyOf(reasons);
  }

  /** Failures counted over all reasons. */
  public long total() {
    return reasons.stream().mapToLong(Reason::count).sum();
  }

  /**
   * Counts by reason (in any order) as a bounded list: the {@link #MAX_REASONS} most frequent, then
   * everything else, and any count already under {@link #OTHER}, as {@link #OTHER}.
   */
  public static CheckFailures of(Map<String, Long> counts) {
    List<Reason> all = new ArrayList<>();
    long other = counts.getOrDefault(OTHER, 0L);
    counts.forEach(
        (reason, n) -> {
          if (!reason.equals(OTHER) && n > 0) {
            all.add(new Reason(reason, n));
          }
        });
    all.sort(Comparator.comparingLong(Reason::count).reversed().thenComparing(Reason::reason));
    List<Reason> kept = new ArrayList<>(all.subList(0, Math.min(MAX_REASONS, all.size())));
    for (Reason r : all.subList(kept.size(), all.size())) {
      other += r.count();
    }
    if (other > 0) {
      kept.add(new Reason(OTHER, other));
    }
    return new CheckFailures(kept);
  }

  /** These failures and {@code more} together, bounded again. */
  public CheckFailures plus(CheckFailures more) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (CheckFailures f : List.of(this, more)) {
      f.reasons.forEach(r -> counts.merge(r.reason(), r.count(), Long::sum));
    }
    return of(counts);
  }
}
