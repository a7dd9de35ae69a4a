package dev.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.result.GeneratorHealth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The merged {@code generator} block: the shards' generators side by side. Counts add up (arrivals,
 * late arrivals, ticks, queued); a merged second is behind or saturated when any shard's was; the
 * schedule held only when it held on every shard, and the health is the worst shard's. Dispatch lag
 * and timer lateness are kept by the shards as percentiles only, so the merged figures are the
 * worst shard's (an upper bound, never an average). {@code shards} lists each shard's own health.
 */
final class ShardGenerator {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final List<String> SUMS =
      List.of(
          "workers",
          "arrivals",
          "lateArrivals",
          "queuedBehind",
          "queuedForConnection",
          "ticks",
          "longTicks",
          "cores",
          "gcPauses",
          "gcPauseMs",
          "boundSeconds");

  private static final List<String> SECOND_SUMS =
      List.of("arrivals", "lateArrivals", "queued", "ticks", "longTicks", "waiting", "inFlight");

  private static final List<String> SECOND_ANY = List.of("measured", "behind", "saturated");

  private static final List<String> SECOND_MAX =
      List.of("busiestWorker", "timerLatenessP99", "timerLatenessMax", "processCpu");

  private ShardGenerator() {}

  /** The merged block of the shards' {@code generator} blocks; null when no shard had one. */
  static ObjectNode merge(List<ShardSet.Shard> shards) {
    ObjectNode out = null;
    ArrayNode restarts = NODES.arrayNode();
    ArrayNode each = NODES.arrayNode();
    Map<Long, ObjectNode> seconds = new TreeMap<>();
    for (ShardSet.Shard s : shards) {
      JsonNode g = s.root().get("generator");
      if (g == null || !g.isObject()) {
        continue;
      }
      if (out == null) {
        out = ((ObjectNode) g).deepCopy();
        for (String k : SUMS) {
          out.put(k, 0);
        }
        out.put("heldSchedule", true);
        out.put("health", GeneratorHealth.Health.GREEN.label());
      } else {
        worst(out, g, "dispatchLag");
        worst(out, g, "timerLateness");
        if (g.path("processCpu").isNumber()) {
          out.put(
              "processCpu",
              Math.max(out.path("processCpu").asDouble(), g.get("processCpu").asDouble()));
        }
      }
      for (String k : SUMS) {
        if (g.path(k).isNumber()) {
          out.put(k, out.path(k).asDouble() + g.get(k).asDouble());
        }
      }
      out.put(
          "heldSchedule",
          out.path("heldSchedule").asBoolean() && g.path("heldSchedule").asBoolean(true));
      String health = g.path("health").asText("green");
      if (rank(health) > rank(out.path("health").asText())) {
        out.put("health", health);
      }
      for (JsonNode r : g.path("restarts")) {
        restarts.add(((ObjectNode) r.deepCopy()).put("shard", s.index()));
      }
      for (JsonNode x : g.path("seconds")) {
        second(seconds, x);
      }
      ObjectNode mine = each.addObject();
      mine.put("index", s.index());
      mine.put("verdict", s.verdict());
      mine.put("health", health);
      mine.put("heldSchedule", g.path("heldSchedule").asBoolean(true));
      mine.set("lateRatio", g.path("lateRatio"));
      mine.put("host", s.root().path("run").path("host").asText(null));
    }
    if (out == null) {
      return null;
    }
    for (String k : SUMS) {
      // Counts stay whole numbers, as each shard wrote them; gcPauseMs is a duration.
      if (!k.equals("gcPauseMs") && out.path(k).isNumber()) {
        out.put(k, out.get(k).asLong());
      }
    }
    long arrivals = out.path("arrivals").asLong();
    long ticks = out.path("ticks").asLong();
    out.put("lateRatio", arrivals == 0 ? 0 : out.path("lateArrivals").asLong() * 100.0 / arrivals);
    out.put("longTickRatio", ticks == 0 ? 0 : out.path("longTicks").asLong() * 100.0 / ticks);
    ArrayNode merged = out.putArray("seconds");
    seconds.values().forEach(merged::add);
    if (out.get("rule") instanceof ObjectNode rule) {
      long measured = 0;
      long behind = 0;
      for (ObjectNode x : seconds.values()) {
        if (x.path("measured").asBoolean()) {
          measured++;
          behind += x.path("behind").asBoolean() ? 1 : 0;
        }
      }
      rule.put("measuredSeconds", measured);
      rule.put("behindSeconds", behind);
      rule.put(
          "allowedBehindSeconds", (long) Math.floor(GeneratorHealth.MAX_BEHIND_SHARE * measured));
    }
    out.set("restarts", restarts);
    out.set("shards", each);
    return out;
  }

  private static void second(Map<Long, ObjectNode> seconds, JsonNode x) {
    long key = Math.round(x.path("t").asDouble());
    ObjectNode m = seconds.get(key);
    if (m == null) {
      seconds.put(key, ((ObjectNode) x).deepCopy());
      return;
    }
    for (String k : SECOND_SUMS) {
      m.put(k, m.path(k).asLong() + x.path(k).asLong());
    }
    for (String k : SECOND_ANY) {
      m.put(k, m.path(k).asBoolean() || x.path(k).asBoolean());
    }
    for (String k : SECOND_MAX) {
      if (x.path(k).isNumber()) {
        m.put(k, Math.max(m.path(k).asDouble(), x.get(k).asDouble()));
      }
    }
  }

  /** The larger of each percentile; counts add up. */
  private static void worst(ObjectNode out, JsonNode g, String field) {
    if (!(out.get(field) instanceof ObjectNode o) || !g.path(field).isObject()) {
      return;
    }
    g.get(field)
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getKey().equals("count")) {
                o.put("count", o.path("count").asLong() + e.getValue().asLong());
              } else if (e.getValue().isNumber()
                  && (!o.path(e.getKey()).isNumber()
                      || e.getValue().asDouble() > o.get(e.getKey()).asDouble())) {
                o.set(e.getKey(), e.getValue());
              }
            });
  }

  private static int rank(String health) {
    return switch (health) {
      case "red" -> 2;
      case "yellow" -> 1;
      default -> 0;
    };
  }
}
