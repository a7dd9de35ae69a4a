package dev.harness.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.ErrorReason;
import dev.harness.engine.result.FaultImpact;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outage;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.PhaseResult;
import dev.harness.engine.result.ProbeResult;
import dev.harness.engine.result.RequestResult;
import dev.harness.engine.result.Resilience;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.WorkerRestart;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * A run result as JSON: the {@code result.json} that every later report is rendered from. The
 * format is versioned by {@link RunResult#SCHEMA} and described field by field in {@code
 * docs/result-format.md}: change the two together.
 *
 * <p>Units are fixed: durations are milliseconds (doubles rounded to 3 decimals, one microsecond),
 * phase and window lengths are seconds, rates are per second, ratios are percent. A figure that was
 * not measured, such as a percentile of an empty histogram, is {@code null}, never 0.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResultJson {

  /** Written as {@code tool}, so a reader can tell our files from other tools' JSON. */
  public static final String TOOL = "harness";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Percentiles of the {@code latency} blocks: JSON key and percentile, in order. */
  private static final String[] LATENCY_KEYS = {"p50", "p90", "p95", "p99", "p999", "p9999"};

  private static final double[] LATENCY_PERCENTILES = {50, 90, 95, 99, 99.9, 99.99};

  private ResultJson() {}

  /** The result as a JSON tree without run information ({@code run} is null). */
  public static ObjectNode toJson(RunResult r) {
    return toJson(r, null);
  }

  /** The result as a JSON tree, fields in the documented order. */
  public static ObjectNode toJson(RunResult r, RunInfo info) {
    RunSpec spec = r.spec();
    Stats m = r.measured();
    ObjectNode root = NODES.objectNode();
    root.put("schema", RunResult.SCHEMA);
    root.put("tool", TOOL);
    root.put("verdict", r.verdict().label());
    root.put("reason", r.reason());
    root.put("startedAt", r.startedAt() == null ? null : r.startedAt().toString());
    root.put("target", spec.url());
    root.set("run", info == null ? null : run(info));
    root.set("config", config(spec));

    putNumber(root, "durationSeconds", m.durationNanos() / 1e9);
    root.put("requests", m.requests());
    root.put("errors", m.errors());
    putNumber(root, "errorRate", m.errorRatio() * 100);
    putNumber(root, "offeredRate", m.offeredRate());
    putNumber(root, "achievedRate", m.achievedRate());
    root.put("scheduled", m.scheduled());
    root.put("sent", m.sent());
    root.set("outcomes", allOutcomes(m.outcomes()));
    root.set("protocolErrors", errorReasons(r, Outcome.PROTOCOL_ERROR));
    root.set("requestErrors", errorReasons(r, Outcome.REQUEST_ERROR));
    root.set("latency", latency(m));

    ArrayNode phases = root.putArray("phases");
    for (PhaseResult p : r.phases()) {
      phases.add(phase(p));
    }
    ArrayNode requests = root.putArray("byName");
    for (RequestResult q : r.requests()) {
      requests.add(request(q));
    }
    Resilience res = r.resilience();
    SeriesJson.putIntervals(root, r);
    root.set("generator", generator(r.generator(), r));
    if (root.get("generator") instanceof ObjectNode g) {
      GeneratorDelay.putJson(g, r);
    }
    root.set("probe", probe(r.probe(), SeriesJson.resolutionSeconds(r) > 1));
    ArrayNode criteria = root.putArray("criteria");
    for (CriterionResult c : r.criteria()) {
      ObjectNode n = criteria.addObject();
      n.put("expression", c.expression());
      putNumber(n, "actual", c.actual());
      n.put("actualText", c.actualText());
      n.put("passed", c.passed());
    }
    root.set("resilience", res == null ? null : resilience(res));
    root.set("connections", Connections.toJson(r.connections()));
    root.set("checks", FailedChecks.toJson(r.checkFailures()));
    root.set("http2", Http2Block.write(r.http2()));
    root.set("drift", RunExtras.driftJson(r));
    root.set("targetMetrics", TargetBlock.write(r));
    ShardJson.write(root, r.spec().shard());
    root.set("websocket", WebSocketBlock.toJson(r.websocket()));
    return root;
  }

  /** The result as indented UTF-8 JSON ending in a newline, ready for {@link ResultFiles}. */
  public static byte[] toBytes(RunResult r) {
    return toBytes(toJson(r));
  }

  /** A tree from {@link #toJson} as indented UTF-8 JSON ending in a newline. */
  public static byte[] toBytes(ObjectNode tree) {
    try {
      byte[] json = MAPPER.writeValueAsBytes(tree);
      byte[] withNewline = Arrays.copyOf(json, json.length + 1);
      withNewline[json.length] = '\n';
      return withNewline;
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serialises; this would be a bug in Jackson or here.
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode run(RunInfo info) {
    ObjectNode n = NODES.objectNode();
    n.put("version", info.version());
    n.put("command", info.command());
    n.put("scenario", info.scenario());
    n.put("host", info.host());
    n.put("cores", info.cores());
    n.put("os", info.os());
    n.put("jvm", info.jvm());
    if (info.id() != null) {
      n.put("id", info.id());
    }
    if (info.jit() != null) {
      n.put("jit", info.jit());
    }
    return n;
  }

  private static ObjectNode config(RunSpec spec) {
    ObjectNode c = NODES.objectNode();
    c.put("model", spec.model().name().toLowerCase(Locale.ROOT));
    c.put("workers", spec.workers());
    c.put("connections", spec.connections());
    putNumber(c, "timeoutMs", spec.timeoutNanos() / 1e6);
    putNumber(c, "tickMs", spec.tickNanos() / 1e6);
    c.put("protocol", spec.protocol().label());
    if (spec.protocol().isHttp2()) {
      c.put("maxStreams", spec.maxStreams());
    }
    c.put("method", spec.flows().get(0).steps().get(0).request().method());
    c.put("okStatus", spec.okStatus().toString());
    ArrayNode phases = c.putArray("phases");
    for (Phase p : spec.phases()) {
      ObjectNode n = phases.addObject();
      n.put("name", p.name());
      putNumber(n, "durationSeconds", p.durationNanos() / 1e9);
      n.put("warmup", p.warmup());
      if (spec.model() == LoadModel.OPEN && p.rate() != null) {
        putNumber(n, "rate", p.rate().meanRate(p.durationNanos()));
      } else {
        n.putNull("rate");
      }
    }
    return c;
  }

  static ObjectNode phase(PhaseResult p) {
    Stats s = p.stats();
    ObjectNode n = NODES.objectNode();
    n.put("name", p.name());
    n.put("warmup", p.warmup());
    putNumber(n, "durationSeconds", s.durationNanos() / 1e9);
    putNumber(n, "offeredRate", s.offeredRate());
    putNumber(n, "achievedRate", s.achievedRate());
    n.put("requests", s.requests());
    n.put("errors", s.errors());
    n.put("scheduled", s.scheduled());
    n.put("sent", s.sent());
    n.set("outcomes", allOutcomes(s.outcomes()));
    n.set("latency", latency(s));
    return n;
  }

  static ObjectNode request(RequestResult q) {
    Stats s = q.stats();
    ObjectNode n = NODES.objectNode();
    n.put("name", q.name());
    putNumber(n, "achievedRate", s.achievedRate());
    n.put("scheduled", s.scheduled());
    n.put("sent", s.sent());
    n.put("requests", s.requests());
    n.put("errors", s.errors());
    n.set("outcomes", allOutcomes(s.outcomes()));
    n.set("latency", latency(s));
    return n;
  }

  static ObjectNode interval(IntervalStats i) {
    OutcomeCounts o = i.outcomes();
    // The interval percentiles come from the answers and timeouts completed in it; without any,
    // the engine's figures are an empty histogram's zeros, not measurements.
    boolean measured = o.responses() + o.get(Outcome.TIMEOUT) > 0;
    ObjectNode n = NODES.objectNode();
    putNumber(n, "t", i.startNanos() / 1e9);
    putNumber(n, "seconds", (i.endNanos() - i.startNanos()) / 1e9);
    n.put("scheduled", i.scheduled());
    n.put("sent", i.sent());
    n.put("responses", o.responses());
    n.put("errors", o.errors());
    putNumber(n, "achievedRate", i.achievedRate());
    putMillis(n, "p50", measured, i.responseP50());
    putMillis(n, "p90", measured, i.responseP90());
    putMillis(n, "p99", measured, i.responseP99());
    putMillis(n, "max", measured, i.responseMax());
    ObjectNode outcomes = n.putObject("outcomes");
    for (Outcome out : Outcome.values()) {
      if (o.get(out) != 0) {
        outcomes.put(out.label(), o.get(out));
      }
    }
    return n;
  }

  private static ObjectNode resilience(Resilience res) {
    ObjectNode n = NODES.objectNode();
    ArrayNode slo = n.putArray("slo");
    res.slo().forEach(slo::add);
    n.put("sloSource", res.sloSource());
    n.put("secondsJudged", res.secondsJudged());
    n.put("secondsWithinSlo", res.secondsWithinSlo());
    putNumber(n, "availability", res.availability() * 100);
    ArrayNode faults = n.putArray("faults");
    for (FaultImpact f : res.faults()) {
      ObjectNode fn = faults.addObject();
      fn.put("fault", f.fault());
      fn.put("kind", f.kind());
      putNumber(fn, "atSeconds", f.atNanos() / 1e9);
      putNumber(fn, "forSeconds", f.forNanos() / 1e9);
      putNumber(fn, "endSeconds", f.endNanos() / 1e9);
      fn.put("requests", f.requests());
      fn.put("errors", f.errors());
      ObjectNode outcomes = fn.putObject("outcomes");
      for (Outcome o : Outcome.values()) {
        if (f.outcomes().get(o) != 0) {
          outcomes.put(o.label(), f.outcomes().get(o));
        }
      }
      fn.set("response", histogram(f.response()));
      fn.put("recovered", f.recovered());
      if (f.recovered()) {
        putNumber(fn, "recoverySeconds", f.recoveryNanos() / 1e9);
      } else {
        fn.putNull("recoverySeconds");
      }
    }
    if (res.abort() == null) {
      n.putNull("abort");
    } else {
      ObjectNode a = n.putObject("abort");
      a.put("criterion", res.abort().criterion());
      a.put("actualText", res.abort().actualText());
      putNumber(a, "atSeconds", res.abort().atNanos() / 1e9);
    }
    if (!res.outages().isEmpty() || res.faults().isEmpty()) {
      // Outages nobody injected: only in a run without a fault timeline.
      ArrayNode outages = n.putArray("outages");
      for (Outage o : res.outages()) {
        ObjectNode on = outages.addObject();
        putNumber(on, "startSeconds", o.startNanos() / 1e9);
        putNumber(on, "endSeconds", o.endNanos() / 1e9);
        putNumber(on, "lengthSeconds", o.lengthNanos() / 1e9);
        on.put("recovered", o.recovered());
        if (o.recovered()) {
          putNumber(on, "recoverySeconds", o.recoveryNanos() / 1e9);
        } else {
          on.putNull("recoverySeconds");
        }
        on.put("source", o.source());
      }
    }
    return n;
  }

  private static ObjectNode generator(GeneratorHealth g, RunResult run) {
    if (g == null) {
      return null;
    }
    ObjectNode n = NODES.objectNode();
    n.put("workers", g.workers());
    n.put("arrivals", g.arrivals());
    n.put("lateArrivals", g.lateArrivals());
    putNumber(n, "lateRatio", g.lateRatio() * 100);
    n.put("heldSchedule", g.heldSchedule());
    putNumber(n, "lateThresholdMs", GeneratorHealth.LATE_NANOS / 1e6);
    ObjectNode lag = n.putObject("dispatchLag");
    Histogram h = g.dispatchLag();
    boolean measured = h != null && h.getTotalCount() > 0;
    lag.put("count", h == null ? 0 : h.getTotalCount());
    putMillis(lag, "p50", measured, measured ? h.getValueAtPercentile(50) : 0);
    putMillis(lag, "p99", measured, measured ? h.getValueAtPercentile(99) : 0);
    putMillis(lag, "max", measured, measured ? h.getMaxValue() : 0);
    putMillis(lag, "mean", measured, measured ? h.getMean() : 0);

    n.put("health", g.health().label());
    ObjectNode rule = n.putObject("rule");
    rule.put("measuredSeconds", g.measuredSeconds());
    rule.put("behindSeconds", g.behindSeconds());
    rule.put("allowedBehindSeconds", g.allowedBehindSeconds());
    putNumber(rule, "behindLateShare", GeneratorHealth.BEHIND_LATE_SHARE * 100);
    putNumber(rule, "saturatedBusy", GeneratorHealth.SATURATED_BUSY * 100);
    putNumber(rule, "maxBehindShare", GeneratorHealth.MAX_BEHIND_SHARE * 100);
    n.put("queuedBehind", g.queuedBehind());
    n.put("queuedForConnection", g.queuedForConnection());
    ObjectNode timer = n.putObject("timerLateness");
    Histogram t = g.timerLateness();
    boolean woke = t != null && t.getTotalCount() > 0;
    timer.put("count", woke ? t.getTotalCount() : 0);
    putMillis(timer, "p50", woke, woke ? t.getValueAtPercentile(50) : 0);
    putMillis(timer, "p99", woke, woke ? t.getValueAtPercentile(99) : 0);
    putMillis(timer, "p999", woke, woke ? t.getValueAtPercentile(99.9) : 0);
    putMillis(timer, "max", woke, woke ? t.getMaxValue() : 0);
    putMillis(timer, "mean", woke, woke ? t.getMean() : 0);
    n.put("ticks", g.ticks());
    n.put("longTicks", g.longTicks());
    putNumber(n, "longTickRatio", g.longTickRatio() * 100);
    putNumber(n, "longTickThresholdMs", GeneratorHealth.LONG_TICK_NANOS / 1e6);
    putNumber(n, "processCpu", g.processCpu() * 100);
    n.put("cores", g.cores());
    putNumber(n, "gcPauseMs", millis(g.gcPauseNanos()));
    n.put("gcPauses", g.gcPauses());
    ArrayNode restarts = n.putArray("restarts");
    for (WorkerRestart w : g.restarts()) {
      ObjectNode r = restarts.addObject();
      r.put("worker", w.worker());
      putNumber(r, "atSeconds", w.atNanos() / 1e9);
      r.put("error", w.error());
      putNumber(r, "backoffSeconds", w.backoffNanos() / 1e9);
      r.put("gaveUp", w.gaveUp());
    }
    SeriesJson.putGeneratorSeconds(n.putArray("seconds"), g.seconds(), run);
    return n;
  }

  /** Why requests ended in {@code outcome}, with counts, most frequent first. */
  private static ArrayNode errorReasons(RunResult r, Outcome outcome) {
    ArrayNode list = NODES.arrayNode();
    for (ErrorReason e : r.errorReasons()) {
      if (e.outcome() == outcome) {
        list.addObject().put("reason", e.reason()).put("count", e.count());
      }
    }
    return list;
  }

  /**
   * The probe block; {@code sampled}: a long run's timeline keeps the polls that tell its story.
   */
  private static ObjectNode probe(ProbeResult p, boolean sampled) {
    if (p == null) {
      return null;
    }
    ObjectNode n = NODES.objectNode();
    n.put("url", p.url());
    putNumber(n, "intervalSeconds", p.intervalNanos() / 1e9);
    n.put("polls", p.measuredPolls());
    n.put("ok", p.measuredOk());
    putNumber(n, "availability", p.availability() * 100);
    n.put("timelineComplete", !sampled);
    ArrayNode timeline = n.putArray("timeline");
    List<ProbeResult.Poll> polls = p.polls();
    for (int i = 0; i < polls.size(); i++) {
      ProbeResult.Poll poll = polls.get(i);
      if (sampled && !SeriesJson.keepPoll(polls, i)) {
        continue;
      }
      ObjectNode x = timeline.addObject();
      putNumber(x, "t", poll.atNanos() / 1e9);
      x.put("measured", poll.measured());
      if (poll.status() == 0) {
        x.putNull("status");
      } else {
        x.put("status", poll.status());
      }
      putNumber(x, "latencyMs", millis(poll.latencyNanos()));
      x.put("ok", poll.ok());
      x.put("error", poll.error());
    }
    return n;
  }

  static ObjectNode latency(Stats s) {
    ObjectNode n = NODES.objectNode();
    n.set("response", histogram(s.response()));
    n.set("service", histogram(s.service()));
    return n;
  }

  /** Summary of a nanosecond histogram in milliseconds; only count 0 and nulls when empty. */
  static ObjectNode histogram(Histogram h) {
    ObjectNode n = NODES.objectNode();
    boolean measured = h != null && h.getTotalCount() > 0;
    n.put("count", h == null ? 0 : h.getTotalCount());
    for (int i = 0; i < LATENCY_KEYS.length; i++) {
      double nanos = measured ? h.getValueAtPercentile(LATENCY_PERCENTILES[i]) : 0;
      putMillis(n, LATENCY_KEYS[i], measured, nanos);
    }
    putMillis(n, "max", measured, measured ? h.getMaxValue() : 0);
    putMillis(n, "mean", measured, measured ? h.getMean() : 0);
    putMillis(n, "min", measured, measured ? h.getMinValue() : 0);
    return n;
  }

  static ObjectNode allOutcomes(OutcomeCounts counts) {
    ObjectNode n = NODES.objectNode();
    for (Outcome o : Outcome.values()) {
      n.put(o.label(), counts.get(o));
    }
    ObjectNode byStatus = n.putObject(Json.BY_STATUS);
    counts.byStatus().forEach((status, count) -> byStatus.put(Integer.toString(status), count));
    return n;
  }

  /** Nanoseconds as milliseconds rounded to 3 decimals. */
  static JsonNodeFactory nodes() {
    return NODES;
  }

  static double millis(double nanos) {
    return Math.round(nanos / 1e3) / 1e3;
  }

  /** Nanoseconds as milliseconds, or null when not {@code measured}. */
  static void putMillis(ObjectNode n, String key, boolean measured, double nanos) {
    if (measured) {
      putNumber(n, key, millis(nanos));
    } else {
      n.putNull(key);
    }
  }

  /** JSON has no NaN or infinity: a value that is not finite was not measured. */
  static void putNumber(ObjectNode n, String key, double v) {
    if (Double.isFinite(v)) {
      n.put(key, v);
    } else {
      n.putNull(key);
    }
  }
}
