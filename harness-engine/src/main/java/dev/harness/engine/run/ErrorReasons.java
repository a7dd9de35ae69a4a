package dev.harness.engine.run;

import dev.harness.engine.result.ErrorReason;
import dev.harness.engine.result.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of why requests failed with a protocol or request error, by reason, so a user reads "bad
 * Content-Length: 412" instead of "412 protocol errors". The set is bounded: past {@link #MAX}
 * distinct reasons the rest count under {@link #OTHER}, so a target that sends endless variety
 * cannot grow it.
 *
 * <p>Thread contract: written by one worker's event loop (errors only, never the hot path); read by
 * the run's thread when the result is built, which the concurrent map makes safe at any time.
 */
final class ErrorReasons {
  static final int MAX = 32;
  static final String OTHER = "other reasons";

  private record Key(Outcome outcome, String reason) {}

  private final Map<Key, AtomicLong> counts = new ConcurrentHashMap<>();

  void count(Outcome outcome, String reason) {
    Key key = new Key(outcome, reason == null ? "unknown" : reason);
    AtomicLong n = counts.get(key);
    if (n == null) {
      if (counts.size() >= MAX) {
        key = new Key(outcome, OTHER);
      }
      n = counts.computeIfAbsent(key, k -> new AtomicLong());
    }
    n.incrementAndGet();
  }

  /** Every worker's counts added up by reason, most frequent first. */
  static List<ErrorReason> merge(List<ErrorReasons> all) {
    Map<Key, Long> sum = new LinkedHashMap<>();
    for (ErrorReasons r : all) {
      r.counts.forEach((k, v) -> sum.merge(k, v.get(), Long::sum));
    }
    List<ErrorReason> out = new ArrayList<>();
    sum.forEach((k, v) -> out.add(new ErrorReason(k.outcome(), k.reason(), v)));
    out.sort(
        Comparator.comparingLong(ErrorReason::count).reversed().thenComparing(ErrorReason::reason));
    return out;
  }
}
