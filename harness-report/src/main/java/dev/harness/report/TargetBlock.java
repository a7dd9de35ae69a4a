package dev.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.model.TargetMetricsSpec;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.TargetMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code targetMetrics} block of {@code result.json}: the target's own metrics, written for
 * {@link ResultJson} and read back for {@link ResultReader}. Absent (null) for a run that scraped
 * none, so files written before it still read. Stateless.
 */
final class TargetBlock {
  private TargetBlock() {}

  /** The block of {@code r}, or null when the run scraped no metrics. */
  static ObjectNode write(RunResult r) {
    TargetMetrics t = r.target();
    if (t == null) {
      return null;
    }
    long from = r.spec().warmupNanos();
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("url", t.url());
    ResultJson.putNumber(n, "intervalSeconds", t.intervalNanos() / 1e9);
    ArrayNode series = n.putArray("series");
    t.series().forEach(series::add);
    n.put("scrapes", t.scrapes().size());
    n.put("failures", t.failures());
    n.put("lastError", t.lastError());
    TargetMetrics.Summary memory = t.summary(TargetMetricsSpec.MEMORY, from);
    TargetMetrics.Summary cpu = t.summary(TargetMetricsSpec.CPU, from);
    ResultJson.putNumber(n, "memoryGrowthPercentPerHour", memory.growthPercentPerHour());
    ResultJson.putNumber(n, "cpuPercent", cpu.cpuPercent());
    ArrayNode summary = n.putArray("summary");
    for (String name : t.series()) {
      TargetMetrics.Summary s = t.summary(name, from);
      ObjectNode o = summary.addObject();
      o.put("series", name);
      o.put("scrapes", s.scrapes());
      ResultJson.putNumber(o, "first", s.first());
      ResultJson.putNumber(o, "last", s.last());
      ResultJson.putNumber(o, "min", s.min());
      ResultJson.putNumber(o, "max", s.max());
      ResultJson.putNumber(o, "growthPercentPerHour", s.growthPercentPerHour());
      ResultJson.putNumber(o, "ratePerSecond", s.ratePerSecond());
    }
    ArrayNode timeline = n.putArray("timeline");
    for (TargetMetrics.Scrape s : t.scrapes()) {
      ObjectNode p = timeline.addObject();
      p.put("t", Math.round(s.atNanos() / 1e6) / 1e3);
      ArrayNode values = p.putArray("values");
      for (double v : s.values()) {
        if (Double.isFinite(v)) {
          values.add(v);
        } else {
          values.addNull();
        }
      }
    }
    return n;
  }

  /** The block read back; null when the file has none. */
  static TargetTimeline read(JsonNode n) {
    if (n == null) {
      return null;
    }
    String at = "targetMetrics";
    List<String> series = new ArrayList<>();
    JsonNode ss = Json.array(n, "series", at);
    for (int i = 0; i < ss.size(); i++) {
      series.add(ss.get(i).asText());
    }
    List<TargetTimeline.Point> points = new ArrayList<>();
    JsonNode tl = Json.array(n, "timeline", at);
    for (int i = 0; i < tl.size(); i++) {
      String pat = at + ".timeline[" + i + "]";
      JsonNode vs = Json.array(tl.get(i), "values", pat);
      List<Double> values = new ArrayList<>();
      for (int k = 0; k < vs.size(); k++) {
        values.add(vs.get(k).isNumber() ? vs.get(k).asDouble() : null);
      }
      points.add(new TargetTimeline.Point(Json.number(tl.get(i), "t", pat), values));
    }
    List<TargetTimeline.Summary> summaries = new ArrayList<>();
    JsonNode sm = Json.array(n, "summary", at);
    for (int i = 0; i < sm.size(); i++) {
      String sat = at + ".summary[" + i + "]";
      JsonNode s = sm.get(i);
      summaries.add(
          new TargetTimeline.Summary(
              Json.text(s, "series", sat),
              Json.count(s, "scrapes", sat),
              Json.numberOrNull(s, "first", sat),
              Json.numberOrNull(s, "last", sat),
              Json.numberOrNull(s, "min", sat),
              Json.numberOrNull(s, "max", sat),
              Json.numberOrNull(s, "growthPercentPerHour", sat),
              Json.numberOrNull(s, "ratePerSecond", sat)));
    }
    return new TargetTimeline(
        Json.text(n, "url", at),
        Json.number(n, "intervalSeconds", at),
        series,
        points,
        Json.count(n, "failures", at),
        Json.textOrNull(n, "lastError", at),
        summaries,
        Json.numberOrNull(n, "memoryGrowthPercentPerHour", at),
        Json.numberOrNull(n, "cpuPercent", at));
  }
}
