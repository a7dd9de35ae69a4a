package dev.harness.engine.judge;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.GeneratorSecond;
import dev.harness.engine.result.RequestResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether failed criteria of an open-model run failed because of the generator's own limit
 * rather than the target: the generator was {@link GeneratorHealth#bound bound} (no time to spare)
 * in at least half of the measured seconds, or it was bound in some and every failed criterion
 * holds over the seconds it had time to spare. A slow target fails its criteria in those seconds
 * too, and the run stays {@code fail}; a generator at its limit makes its own waiting look like the
 * target's latency, and the run is {@code invalid} (docs/generator-health.md).
 *
 * <p>Only criteria the spare seconds can answer take part ({@code pNN}, {@code mean}, {@code max},
 * {@code rps}, {@code errors}); when another kind failed, the failure stands. Stateless.
 */
final class GeneratorLimit {
  private GeneratorLimit() {}

  /**
   * Why the failure of {@code results} is the generator's limit, one line that says what to do;
   * null when it is not, or when the measurements cannot tell.
   */
  static String reason(List<Criterion> criteria, List<CriterionResult> results, Measurements m) {
    GeneratorHealth g = m.generator();
    SpareSeconds spare = m.spare();
    if (g == null || spare == null || spare.boundSeconds() == 0) {
      return null;
    }
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < criteria.size(); i++) {
      if (results.get(i).passed()) {
        continue;
      }
      Criterion c = criteria.get(i);
      if (!spareCanTell(c.metric())) {
        return null;
      }
      if (spare.seconds() > spare.boundSeconds() && !holdsOnSpare(c, spare)) {
        return null; // it fails while the generator had time to spare: the target's doing
      }
      failed.add(c.expression());
    }
    if (failed.isEmpty()) {
      return null;
    }
    return line(failed, g, spare);
  }

  private static boolean spareCanTell(Criterion.Metric metric) {
    return switch (metric) {
      case PERCENTILE, MEAN, MAX, RPS, ERRORS -> true;
      default -> false;
    };
  }

  private static boolean holdsOnSpare(Criterion c, SpareSeconds spare) {
    if (c.name() == null) {
      return Evaluation.evaluate(c, spare.measured()).passed();
    }
    for (RequestResult r : spare.requests()) {
      if (r.name().equals(c.name())) {
        return Evaluation.evaluate(c, r.stats()).passed();
      }
    }
    return false;
  }

  private static String line(List<String> failed, GeneratorHealth g, SpareSeconds spare) {
    double busiest = 0;
    long waiting = 0;
    boolean[] bound = g.boundFlags();
    for (int i = 0; i < bound.length; i++) {
      if (bound[i]) {
        GeneratorSecond s = g.seconds().get(i);
        busiest = Math.max(busiest, s.busiestWorker());
        waiting = Math.max(waiting, s.waiting());
      }
    }
    double lagP99 =
        g.dispatchLag().getTotalCount() == 0 ? 0 : g.dispatchLag().getValueAtPercentile(99);
    String held =
        spare.seconds() <= spare.boundSeconds()
            ? ""
            : String.format(
                Locale.ROOT,
                "; in the %d seconds it had time to spare, %s held",
                spare.seconds(),
                failed.size() == 1 ? "the criterion" : "those criteria");
    return String.format(
        Locale.ROOT,
        "the generator, not the target, failed %s: it had no time to spare in %d of %d measured"
            + " seconds (a worker busy up to %.0f%% of a second, up to %d arrivals waiting for it,"
            + " dispatch lag p99 %.1fms), so the latency was spent waiting in the generator%s;"
            + " spread the load over more workers (-t, up to the %d cores) or more machines"
            + " (shards)",
        String.join(", ", failed),
        spare.boundSeconds(),
        spare.boundSeconds() + spare.seconds(),
        busiest * 100,
        waiting,
        lagP99 / 1e6,
        held,
        g.cores());
  }
}
