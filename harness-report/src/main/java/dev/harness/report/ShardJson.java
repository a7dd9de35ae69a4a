package dev.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.model.Shard;

/**
 * {@code shard} in result.json: which part of a sharded test the result is ({@code --shard K/N}),
 * the common start and how late this shard began, the hash naming the test and the criteria the
 * merge judges. Absent for a run that is not a shard.
 */
public final class ShardJson {
  /** The field's name. */
  public static final String FIELD = "shard";

  private ShardJson() {}

  /** Adds {@code shard} to {@code root} when {@code shard} is not null. */
  static void write(ObjectNode root, Shard shard) {
    if (shard == null) {
      return;
    }
    ObjectNode n = root.putObject(FIELD);
    n.put("index", shard.index());
    n.put("count", shard.count());
    n.put("startAt", shard.startAt() == null ? null : shard.startAt().toString());
    if (shard.startLagNanos() < 0) {
      n.putNull("startLagMs");
    } else {
      n.put("startLagMs", Math.round(shard.startLagNanos() / 1e3) / 1e3);
    }
    n.put("toleranceMs", Math.round(shard.toleranceNanos() / 1e3) / 1e3);
    n.put("scenarioHash", shard.scenarioHash());
    ArrayNode criteria = n.putArray("criteria");
    shard.criteria().forEach(criteria::add);
  }

  /** The {@code shard} object of a result tree, or null when it has none. */
  public static JsonNode of(JsonNode root) {
    JsonNode n = root.get(FIELD);
    return n == null || !n.isObject() ? null : n;
  }
}
