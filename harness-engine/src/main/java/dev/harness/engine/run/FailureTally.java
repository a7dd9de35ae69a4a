package dev.harness.engine.run;

import dev.harness.engine.model.Phase;
import dev.harness.engine.result.CheckFailures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts one worker's failed checks by reason, in the measured phases only: at most {@link
 * CheckFailures#MAX_REASONS} distinct reasons, later new ones under {@link CheckFailures#OTHER}. A
 * reason is built only when a check fails, so passing answers cost nothing here.
 *
 * <p>Thread contract: written by the worker's event loop only, like its other parts; {@link
 * #failures()} is read once the loop has stopped.
 */
final class FailureTally {
  private final boolean[] warmup;
  private final Map<String, Long> counts = new HashMap<>();

  FailureTally(List<Phase> phases) {
    warmup = new boolean[phases.size()];
    for (int p = 0; p < warmup.length; p++) {
      warmup[p] = phases.get(p).warmup();
    }
  }

  /** One failure in phase {@code phase} for {@code reason}. */
  void count(int phase, String reason) {
    if (phase < 0 || phase >= warmup.length || warmup[phase]) {
      return;
    }
    String key =
        counts.containsKey(reason) || counts.size() < CheckFailures.MAX_REASONS
            ? reason
            : CheckFailures.OTHER;
    counts.merge(key, 1L, Long::sum);
  }

  CheckFailures failures() {
    return CheckFailures.of(counts);
  }
}
