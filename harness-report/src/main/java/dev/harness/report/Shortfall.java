package dev.harness.report;

import dev.harness.engine.result.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Why arrivals of the measured window were late or never answered, by cause: the generator behind
 * its schedule, all connections busy (the connection limit, a slow target), or no answer at all.
 * Every report says it in the same words, so an achieved rate short of the offered one is never
 * silent.
 *
 * <p>Stateless and thread-safe.
 */
final class Shortfall {
  private Shortfall() {}

  /**
   * The sent-late sentence, or "none"; {@code g} may be null (a result without generator figures).
   */
  static String late(RunReport.Generator g) {
    if (g == null) {
      return Format.NONE;
    }
    List<String> parts = new ArrayList<>();
    if (g.lateArrivals() + g.queuedBehind() > 0) {
      parts.add(
          String.format(
              Locale.ROOT,
              "generator behind: %d handled over %s late, %d waited for a saturated worker",
              g.lateArrivals(),
              threshold(g.lateThresholdMs()),
              g.queuedBehind()));
    }
    if (g.queuedForConnection() > 0) {
      parts.add(
          g.queuedForConnection()
              + " waited for a connection (all busy: the connection limit -c, or a slow target)");
    }
    return parts.isEmpty() ? "none" : String.join("; ", parts);
  }

  /** The not-answered sentence, or "none". */
  static String missing(Map<String, Long> outcomes) {
    List<String> parts = new ArrayList<>();
    add(parts, outcomes, Outcome.UNSENT, "never sent (still waiting for a connection at the end)");
    add(parts, outcomes, Outcome.CONNECT_ERROR, "not sent (connect error)");
    add(parts, outcomes, Outcome.TIMEOUT, "timed out (target slow)");
    add(parts, outcomes, Outcome.RESET, "reset by the target");
    add(parts, outcomes, Outcome.PROTOCOL_ERROR, "answered with broken HTTP");
    add(parts, outcomes, Outcome.STREAM_RESET, "HTTP/2 stream reset by the target");
    add(parts, outcomes, Outcome.REFUSED_STREAM, "HTTP/2 stream refused by the target");
    add(parts, outcomes, Outcome.GOAWAY, "beyond the last stream of an HTTP/2 GOAWAY");
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  private static void add(List<String> parts, Map<String, Long> outcomes, Outcome o, String what) {
    long n = outcomes.getOrDefault(o.label(), 0L);
    if (n > 0) {
      parts.add(n + " " + what);
    }
  }

  /** The lateness bound as people write it: 16ms, not 16.00ms. */
  static String threshold(double ms) {
    return ms == Math.rint(ms) ? (long) ms + "ms" : Format.millis(ms);
  }
}
