package dev.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harness.engine.time.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed reads of a {@code result.json} tree. A field that is missing or of the wrong type is an
 * {@link InvalidInputException} naming its path ({@code intervals[3].p99}), so a damaged or foreign
 * file gives one clear line instead of a half-rendered report.
 */
final class Json {
  private Json() {}

  static JsonNode node(JsonNode n, String key, String where) {
    JsonNode v = n == null ? null : n.get(key);
    if (v == null) {
      throw new InvalidInputException("missing field '" + path(where, key) + "'");
    }
    return v;
  }

  static JsonNode object(JsonNode n, String key, String where) {
    JsonNode v = node(n, key, where);
    if (!v.isObject()) {
      throw wrongType(where, key, "an object", v);
    }
    return v;
  }

  /** An object, or null when the field holds {@code null}. */
  static JsonNode objectOrNull(JsonNode n, String key, String where) {
    JsonNode v = n == null ? null : n.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw wrongType(where, key, "an object or null", v);
    }
    return v;
  }

  static JsonNode array(JsonNode n, String key, String where) {
    JsonNode v = node(n, key, where);
    if (!v.isArray()) {
      throw wrongType(where, key, "an array", v);
    }
    return v;
  }

  static String text(JsonNode n, String key, String where) {
    JsonNode v = node(n, key, where);
    if (!v.isTextual()) {
      throw wrongType(where, key, "a string", v);
    }
    return v.asText();
  }

  static String textOrNull(JsonNode n, String key, String where) {
    JsonNode v = n == null ? null : n.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw wrongType(where, key, "a string or null", v);
    }
    return v.asText();
  }

  static boolean bool(JsonNode n, String key, String where) {
    JsonNode v = node(n, key, where);
    if (!v.isBoolean()) {
      throw wrongType(where, key, "true or false", v);
    }
    return v.asBoolean();
  }

  static long count(JsonNode n, String key, String where) {
    JsonNode v = node(n, key, where);
    if (!v.isIntegralNumber()) {
      throw wrongType(where, key, "an integer", v);
    }
    return v.asLong();
  }

  static double number(JsonNode n, String key, String where) {
    Double d = numberOrNull(n, key, where);
    if (d == null) {
      throw wrongType(where, key, "a number", n.get(key));
    }
    return d;
  }

  static Double numberOrNull(JsonNode n, String key, String where) {
    JsonNode v = node(n, key, where);
    if (v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw wrongType(where, key, "a number or null", v);
    }
    return v.asDouble();
  }

  /** A millisecond figure as nanoseconds; null stays null (not measured). */
  static Long millisAsNanos(JsonNode n, String key, String where) {
    Double ms = numberOrNull(n, key, where);
    return ms == null ? null : Math.round(ms * 1e6);
  }

  /** Key of the answers by exact status inside an {@code outcomes} object. */
  static final String BY_STATUS = "byStatus";

  /** An object of outcome label to count, in file order; {@link #BY_STATUS} is not a label. */
  static Map<String, Long> counts(JsonNode n, String key, String where) {
    JsonNode o = object(n, key, where);
    Map<String, Long> m = new LinkedHashMap<>();
    String at = path(where, key);
    o.fieldNames()
        .forEachRemaining(
            label -> {
              if (!label.equals(BY_STATUS)) {
                m.put(label, count(o, label, at));
              }
            });
    return m;
  }

  /**
   * The answers by exact status, {@code outcomes.byStatus}, in file order; empty for a file written
   * before they were counted.
   */
  static Map<String, Long> byStatus(JsonNode n, String where) {
    JsonNode o = object(n, "outcomes", where);
    if (!o.has(BY_STATUS)) {
      return Map.of();
    }
    return counts(o, BY_STATUS, path(where, "outcomes"));
  }

  static String path(String where, String key) {
    return where.isEmpty() ? key : where + "." + key;
  }

  private static InvalidInputException wrongType(
      String where, String key, String expected, JsonNode found) {
    String shown = found == null ? "nothing" : found.toString();
    if (shown.length() > 40) {
      shown = shown.substring(0, 37) + "...";
    }
    return new InvalidInputException(
        "field '" + path(where, key) + "' should be " + expected + ", found " + shown);
  }
}
