package dev.harness.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.time.Durations;
import org.HdrHistogram.Histogram;

/**
 * The delay the generator itself adds to an open-model run's latencies: response-time p50 minus
 * service-time p50 (the median wait between an arrival's intended start and its send: dispatch lag,
 * pacing tick, queueing for a connection), beside the dispatch-lag percentiles; and which seconds
 * the generator was bound in (docs/generator-health.md). One place for the JSON, the text and the
 * HTML. Stateless.
 */
final class GeneratorDelay {
  private GeneratorDelay() {}

  /** Response p50 minus service p50 of the measured window, ns; null when not measured. */
  static Long addedNanos(RunReport r) {
    Latency response = r.measured().response();
    Latency service = r.measured().service();
    if (!r.open() || !response.measured() || !service.measured()) {
      return null;
    }
    return response.p50() - service.p50();
  }

  /**
   * The summary's line, e.g. {@code added delay 312us (response p50 - service p50); dispatch lag
   * p50 180us p99 640us max 2.10ms}; null for a closed-model run or when nothing was measured.
   */
  static String line(RunReport r) {
    Long added = addedNanos(r);
    RunReport.Generator g = r.generator();
    if (added == null || g == null) {
      return null;
    }
    return "added delay "
        + Durations.format(added)
        + " (response p50 - service p50); dispatch lag p50 "
        + Format.duration(g.lagP50())
        + " p99 "
        + Format.duration(g.lagP99())
        + " max "
        + Format.duration(g.lagMax());
  }

  /**
   * Adds to the {@code generator} block of {@code result.json}: {@code addedDelayMs}, dispatch lag
   * {@code p90} and {@code p999}, {@code boundSeconds}, {@code rule.boundBusy} and each second's
   * {@code bound}.
   */
  static void putJson(ObjectNode n, RunResult r) {
    GeneratorHealth g = r.generator();
    if (g == null) {
      return;
    }
    Histogram response = r.measured().response();
    Histogram service = r.measured().service();
    boolean measured =
        r.spec().model() == LoadModel.OPEN
            && response.getTotalCount() > 0
            && service.getTotalCount() > 0;
    ResultJson.putMillis(
        n,
        "addedDelayMs",
        measured,
        measured ? response.getValueAtPercentile(50) - service.getValueAtPercentile(50) : 0);
    if (n.get("dispatchLag") instanceof ObjectNode lag) {
      Histogram h = g.dispatchLag();
      boolean any = h != null && h.getTotalCount() > 0;
      ResultJson.putMillis(lag, "p90", any, any ? h.getValueAtPercentile(90) : 0);
      ResultJson.putMillis(lag, "p999", any, any ? h.getValueAtPercentile(99.9) : 0);
    }
    n.put("boundSeconds", g.boundSeconds());
    if (n.get("rule") instanceof ObjectNode rule) {
      ResultJson.putNumber(rule, "boundBusy", GeneratorHealth.BOUND_BUSY * 100);
    }
    if (n.get("seconds") instanceof ArrayNode seconds) {
      boolean[] bound = g.boundFlags();
      for (int i = 0; i < bound.length && i < seconds.size(); i++) {
        if (seconds.get(i) instanceof ObjectNode x) {
          x.put("bound", bound[i]);
        }
      }
    }
  }
}
