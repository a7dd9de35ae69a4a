package dev.harness.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.model.CapacityPlan;
import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.CapacityResult;
import dev.harness.engine.result.CapacityStep;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.SearchLimit;
import dev.harness.engine.result.SearchOutcome;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A capacity search as JSON ({@code capacity.json}), for automation. Fields, units and versioning
 * are described in {@code docs/capacity.md}; the conventions are those of {@link ResultJson}:
 * latency in milliseconds, rates per second, ratios in percent, {@code null} for what was not
 * measured.
 *
 * <p>Stateless and thread-safe.
 */
public final class CapacityJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CapacityJson() {}

  /** The search as a JSON tree, fields in the documented order, without a {@code run} block. */
  public static ObjectNode toJson(CapacityResult r) {
    return toJson(r, null);
  }

  /**
   * The search as a JSON tree, fields in the documented order; {@code info} (may be null) becomes
   * its {@code run} block, the same as a run's result.json has.
   */
  public static ObjectNode toJson(CapacityResult r, RunInfo info) {
    CapacityPlan plan = r.plan();
    ObjectNode root = NODES.objectNode();
    root.put("schema", CapacityResult.SCHEMA);
    root.put("tool", ResultJson.TOOL);
    root.put("kind", "capacity");
    root.put("outcome", r.outcome().label());
    root.put("reason", r.reason());
    root.put("exitCode", r.exitCode());
    root.put("startedAt", r.startedAt() == null ? null : r.startedAt().toString());
    root.put("elapsedSeconds", Math.round(r.elapsedNanos() / 1e6) / 1e3);
    root.put("target", r.base().target().url());
    root.set("run", info == null ? null : ResultJson.run(info));
    if (r.capacityRate().isPresent()) {
      root.put("capacity", r.capacityRate().getAsDouble());
    } else {
      root.putNull("capacity");
    }
    putRate(root, "capacityOfferedRate", r.capacity());
    root.put("limit", r.limit().map(SearchLimit::label).orElse(null));
    root.put("capacityIsLowerBound", r.outcome() == SearchOutcome.ABOVE_MAX);
    putRate(root, "highestPassingRate", r.highestPass());
    putRate(root, "lowestFailingRate", r.lowestFail());
    putRate(root, "generatorLimitRate", r.generatorLimit());
    if (plan.require() > 0) {
      root.put("require", plan.require());
      root.put("requireMet", r.requireMet().orElse(false));
    } else {
      root.putNull("require");
      root.putNull("requireMet");
    }
    ArrayNode slo = root.putArray("slo");
    for (Criterion c : plan.slo()) {
      slo.add(c.expression());
    }
    root.set("config", config(r.base(), plan));
    root.set("capacityStep", r.capacity().map(CapacityJson::step).orElse(null));
    ArrayNode steps = root.putArray("steps");
    for (CapacityStep s : r.steps()) {
      steps.add(step(s));
    }
    return root;
  }

  /** The search as indented UTF-8 JSON ending in a newline, ready for {@link ResultFiles}. */
  public static byte[] toBytes(CapacityResult r) {
    return toBytes(r, null);
  }

  /** As {@link #toBytes(CapacityResult)}, with {@code info} as the {@code run} block. */
  public static byte[] toBytes(CapacityResult r, RunInfo info) {
    try {
      byte[] json = MAPPER.writeValueAsBytes(toJson(r, info));
      byte[] withNewline = Arrays.copyOf(json, json.length + 1);
      withNewline[json.length] = '\n';
      return withNewline;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree of plain nodes always serialises
    }
  }

  private static ObjectNode config(RunSpec base, CapacityPlan plan) {
    ObjectNode c = NODES.objectNode();
    c.put("start", plan.start());
    c.put("max", plan.max());
    c.put("growth", CapacityPlan.GROWTH);
    c.put("precision", plan.precision() * 100);
    c.put("stepSeconds", plan.stepNanos() / 1e9);
    c.put("warmupSeconds", plan.warmupNanos() / 1e9);
    c.put("workers", base.workers());
    if (plan.connections() > 0) {
      c.put("connections", plan.connections());
    } else {
      c.putNull("connections"); // sized per step; each step says how many
    }
    c.put("timeoutMs", base.timeoutNanos() / 1e6);
    c.put("rateTolerance", plan.rateTolerance() * 100);
    return c;
  }

  static ObjectNode step(CapacityStep s) {
    ObjectNode n = NODES.objectNode();
    n.put("step", s.number());
    n.put("stage", s.stage().label());
    n.put("offeredRate", s.rate());
    ResultJson.putNumber(n, "achievedRate", s.achievedRate());
    n.put("connections", s.connections());
    n.put("verdict", s.verdict().label());
    n.put("failedOn", s.failedOn());
    n.put("reason", s.reason());
    n.put("requests", s.requests());
    n.put("errors", s.errors());
    ResultJson.putNumber(n, "errorRate", s.errorRatio() * 100);
    CapacityStep.Latency l = s.latency();
    ObjectNode lat = n.putObject("latency");
    lat.put("count", l.count());
    ResultJson.putMillis(lat, "p50", l.measured(), l.p50());
    ResultJson.putMillis(lat, "p90", l.measured(), l.p90());
    ResultJson.putMillis(lat, "p99", l.measured(), l.p99());
    ResultJson.putMillis(lat, "p999", l.measured(), l.p999());
    ResultJson.putMillis(lat, "max", l.measured(), l.max());
    for (var e : l.slo().entrySet()) {
      String key = CapacityText.label(e.getKey()).replace(".", "");
      if (!lat.has(key)) {
        ResultJson.putMillis(lat, key, l.measured(), e.getValue());
      }
    }
    ResultJson.putNumber(n, "generatorLateRatio", s.lateRatio() * 100);
    ResultJson.putNumber(n, "generatorBusy", s.generatorBusy() * 100);
    ArrayNode criteria = n.putArray("criteria");
    for (CriterionResult c : s.criteria()) {
      ObjectNode cn = criteria.addObject();
      cn.put("expression", c.expression());
      ResultJson.putNumber(cn, "actual", c.actual());
      cn.put("actualText", c.actualText());
      cn.put("passed", c.passed());
    }
    return n;
  }

  private static void putRate(ObjectNode n, String key, Optional<CapacityStep> step) {
    if (step.isPresent()) {
      n.put(key, step.get().rate());
    } else {
      n.putNull(key);
    }
  }
}
