package dev.harness.engine.scenario;

import dev.harness.engine.time.Durations;
import dev.harness.engine.time.InvalidInputException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One element of a scenario file with where it was written: its path ({@code phases[1].rate}) and
 * line. Every accessor that finds the element unusable throws a {@link ScenarioException} naming
 * both. Immutable once the tree is read.
 */
final class Node {
  enum Kind {
    MAP,
    LIST,
    TEXT,
    NUMBER,
    BOOLEAN,
    NULL
  }

  final String file;
  final String path;
  final int line;
  final Kind kind;
  private final String text;
  private final Map<String, Node> map;
  private final List<Node> list;

  private Node(
      String file,
      String path,
      int line,
      Kind kind,
      String text,
      Map<String, Node> map,
      List<Node> list) {
    this.file = file;
    this.path = path;
    this.line = line;
    this.kind = kind;
    this.text = text;
    this.map = map;
    this.list = list;
  }

  static Node scalar(String file, String path, int line, Kind kind, String text) {
    return new Node(file, path, line, kind, text, null, null);
  }

  static Node map(String file, String path, int line, Map<String, Node> entries) {
    return new Node(file, path, line, Kind.MAP, null, entries, null);
  }

  static Node list(String file, String path, int line, List<Node> items) {
    return new Node(file, path, line, Kind.LIST, null, null, items);
  }

  /** An error at this element. */
  ScenarioException error(String message) {
    return new ScenarioException(file, line, path + " " + message);
  }

  /** An error from the model about this element, with the element's place prepended. */
  ScenarioException error(InvalidInputException e) {
    return new ScenarioException(file, line, path + ": " + e.getMessage());
  }

  // ---- maps ---------------------------------------------------------------------------------

  /** This map's entries, after checking that it has no key outside {@code allowed}. */
  Map<String, Node> fields(Set<String> allowed) {
    if (kind != Kind.MAP) {
      throw error("must be a mapping (key: value lines), got " + describe());
    }
    for (Map.Entry<String, Node> e : map.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw e.getValue()
            .errorAtKey(
                "unknown key '"
                    + e.getKey()
                    + "'"
                    + suggestion(e.getKey(), allowed)
                    + " (allowed: "
                    + String.join(", ", new TreeSet<>(allowed))
                    + ")");
      }
    }
    return Collections.unmodifiableMap(map);
  }

  /** Entries of a map whose keys are free (headers, variables). */
  Map<String, Node> entries() {
    if (kind != Kind.MAP) {
      throw error("must be a mapping (key: value lines), got " + describe());
    }
    return Collections.unmodifiableMap(map);
  }

  private ScenarioException errorAtKey(String message) {
    int dot = path.lastIndexOf('.');
    String parent = dot < 0 ? "" : path.substring(0, dot);
    return new ScenarioException(file, line, parent.isEmpty() ? message : parent + ": " + message);
  }

  private static String suggestion(String key, Set<String> allowed) {
    String best = null;
    int bestDistance = 3;
    for (String a : allowed) {
      int d = distance(key.toLowerCase(Locale.ROOT), a.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = a;
        bestDistance = d;
      }
    }
    return best == null ? "" : ", did you mean '" + best + "'?";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  // ---- lists --------------------------------------------------------------------------------

  /** This list's items; a single value counts as a list of one when {@code singleOk}. */
  List<Node> items(boolean singleOk) {
    if (kind == Kind.LIST) {
      return list;
    }
    if (singleOk && kind != Kind.MAP && kind != Kind.NULL) {
      return List.of(this);
    }
    throw error("must be a list (lines starting with '- '), got " + describe());
  }

  List<Node> items() {
    return items(false);
  }

  // ---- scalars ------------------------------------------------------------------------------

  String text() {
    if (kind == Kind.TEXT || kind == Kind.NUMBER || kind == Kind.BOOLEAN) {
      return text;
    }
    throw error("must be a value, got " + describe());
  }

  String name() {
    String t = text();
    if (t.isBlank()) {
      throw error("must not be empty");
    }
    return t;
  }

  double number() {
    if (kind != Kind.NUMBER) {
      throw error("must be a number, got " + describe());
    }
    Double v = YamlNumber.parse(text);
    if (v == null) {
      throw error("cannot be read as a number: '" + text + "'");
    }
    if (v.isNaN() || v.isInfinite()) {
      throw error("must be a finite number, got " + text);
    }
    if (!YamlNumber.plainDecimal(text)) {
      String decimal =
          v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString(v.longValue()) : v.toString();
      throw error("must be written in plain decimal: '" + text + "' is " + decimal);
    }
    return v;
  }

  double positive() {
    double v = number();
    if (!(v > 0) || Double.isInfinite(v)) {
      throw error("must be positive, got " + text);
    }
    return v;
  }

  double notNegative() {
    double v = number();
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw error("must be 0 or more, got " + text);
    }
    return v;
  }

  int positiveInt() {
    double v = positive();
    if (v != Math.rint(v)) {
      throw error("must be a whole number, got " + text);
    }
    if (v > Integer.MAX_VALUE) {
      throw error("must be at most " + Integer.MAX_VALUE + ", got " + text);
    }
    return (int) v;
  }

  boolean bool() {
    if (kind == Kind.BOOLEAN) {
      return Boolean.parseBoolean(text);
    }
    throw error("must be true or false, got " + describe());
  }

  /** A duration such as {@code 500ms}, {@code 10s}, {@code 1m30s}; a bare number is seconds. */
  long duration() {
    if (kind != Kind.TEXT && kind != Kind.NUMBER) {
      throw error("must be a duration such as 10s, got " + describe());
    }
    try {
      return Durations.parseNanos(text, path);
    } catch (InvalidInputException e) {
      throw error("cannot be read as a duration: '" + text + "' (examples: 500ms, 10s, 1m30s)");
    }
  }

  long positiveDuration() {
    long d = duration();
    if (d <= 0) {
      throw error("must be positive, got " + text);
    }
    return d;
  }

  private String describe() {
    return switch (kind) {
      case MAP -> "a mapping";
      case LIST -> "a list";
      case NULL -> "nothing";
      default -> "'" + text + "'";
    };
  }
}
