package dev.harness.engine.run;

import dev.harness.engine.model.Flow;
import java.util.List;

/**
 * Which flow an arrival runs: a fixed cycle in which each flow appears as often as its weight,
 * spread evenly (smooth weighted round robin, as nginx balances upstreams). Arrival {@code k} takes
 * entry {@code k mod length}: deterministic, no random draw and no shared state on the hot path.
 * Immutable.
 */
final class Mix {
  private final int[] cycle;

  Mix(List<Flow> flows) {
    int total = flows.stream().mapToInt(Flow::weight).sum();
    cycle = new int[total];
    int[] current = new int[flows.size()];
    for (int i = 0; i < total; i++) {
      int best = 0;
      for (int f = 0; f < flows.size(); f++) {
        current[f] += flows.get(f).weight();
        if (current[f] > current[best]) {
          best = f;
        }
      }
      current[best] -= total;
      cycle[i] = best;
    }
  }

  /** The flow of arrival number {@code k}. */
  int pick(long k) {
    return cycle[(int) (k % cycle.length)];
  }
}
