package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text with {@code ${...}} placeholders, parsed once when the scenario is loaded. A placeholder is
 * a variable of the flow ({@code ${token}}: a feeder column, a {@code vars} entry or a value an
 * earlier step extracted) or a built-in:
 *
 * <ul>
 *   <li>{@code ${counter}}: the arrival's number in the run (0, 1, 2, ... over all workers)
 *   <li>{@code ${uuid}}: a random UUID
 *   <li>{@code ${randomInt(A,B)}}: a random integer from A to B inclusive
 *   <li>{@code ${timestamp}}: the wall-clock time in epoch milliseconds
 * </ul>
 *
 * {@code $$} stands for a literal {@code $}. Immutable and thread-safe.
 */
public final class Template {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
  private static final Pattern RANDOM_INT =
      Pattern.compile("randomInt\\(\\s*(-?\\d+)\\s*,\\s*(-?\\d+)\\s*\\)");

  /** Names a template may use without anyone defining them. */
  public static final Set<String> BUILT_INS = Set.of("counter", "uuid", "timestamp");

  /** Where a rendering gets its values. */
  public interface Values {
    /** The flow variable's value, or null when it has none. */
    String variable(String name);

    /** The arrival's number in the run. */
    long counter();
  }

  private sealed interface Part {}

  private record Literal(String text) implements Part {}

  private record Variable(String name) implements Part {}

  private record RandomInt(long from, long to) implements Part {}

  private final String source;
  private final List<Part> parts;

  private Template(String source, List<Part> parts) {
    this.source = source;
    this.parts = List.copyOf(parts);
  }

  /** Parses {@code text}; a malformed placeholder is an {@link InvalidInputException}. */
  public static Template parse(String text) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 >= text.length()) {
        literal.append(c);
        i++;
        continue;
      }
      char next = text.charAt(i + 1);
      if (next == '$') {
        literal.append('$');
        i += 2;
        continue;
      }
      if (next != '{') {
        literal.append(c);
        i++;
        continue;
      }
      int close = text.indexOf('}', i + 2);
      if (close < 0) {
        throw new InvalidInputException("unclosed '${' in '" + text + "'");
      }
      if (!literal.isEmpty()) {
        parts.add(new Literal(literal.toString()));
        literal.setLength(0);
      }
      parts.add(placeholder(text.substring(i + 2, close).trim(), text));
      i = close + 1;
    }
    if (!literal.isEmpty()) {
      parts.add(new Literal(literal.toString()));
    }
    return new Template(text, parts);
  }

  private static Part placeholder(String inside, String text) {
    Matcher random = RANDOM_INT.matcher(inside);
    if (random.matches()) {
      long from = bound(random.group(1), inside);
      long to = bound(random.group(2), inside);
      if (from > to) {
        throw new InvalidInputException("randomInt(" + from + "," + to + "): from is above to");
      }
      return new RandomInt(from, to);
    }
    if (!NAME.matcher(inside).matches()) {
      throw new InvalidInputException("bad placeholder '${" + inside + "}' in '" + text + "'");
    }
    return new Variable(inside);
  }

  private static long bound(String digits, String inside) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          inside
              + ": "
              + digits
              + " is out of range (from "
              + Long.MIN_VALUE
              + " to "
              + Long.MAX_VALUE
              + ")");
    }
  }

  /** A random long from {@code from} to {@code to} inclusive, for every range a long can hold. */
  static long random(long from, long to) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    if (to < Long.MAX_VALUE) {
      return r.nextLong(from, to + 1);
    }
    if (from > Long.MIN_VALUE) {
      return r.nextLong(from - 1, to) + 1;
    }
    return r.nextLong();
  }

  /** Whether the text has no placeholder: it renders to itself every time. */
  public boolean isStatic() {
    return parts.stream().allMatch(p -> p instanceof Literal);
  }

  /** Flow variables the template uses, built-ins excluded, in order of first use. */
  public Set<String> variables() {
    Set<String> names = new LinkedHashSet<>();
    for (Part p : parts) {
      if (p instanceof Variable v && !BUILT_INS.contains(v.name())) {
        names.add(v.name());
      }
    }
    return names;
  }

  /**
   * The text with every placeholder replaced.
   *
   * @throws IllegalStateException when a variable has no value (loading checks this cannot happen)
   */
  public String render(Values values) {
    if (parts.size() == 1 && parts.get(0) instanceof Literal l) {
      return l.text();
    }
    StringBuilder out = new StringBuilder(source.length() + 32);
    for (Part p : parts) {
      if (p instanceof Literal l) {
        out.append(l.text());
      } else if (p instanceof RandomInt r) {
        out.append(random(r.from(), r.to()));
      } else if (p instanceof Variable v) {
        out.append(value(v.name(), values));
      }
    }
    return out.toString();
  }

  private static String value(String name, Values values) {
    switch (name) {
      case "counter":
        return Long.toString(values.counter());
      case "uuid":
        return UUID.randomUUID().toString();
      case "timestamp":
        return Long.toString(System.currentTimeMillis());
      default:
        String v = values.variable(name);
        if (v == null) {
          throw new IllegalStateException("variable '" + name + "' has no value");
        }
        return v;
    }
  }

  /** The text as written. */
  @Override
  public String toString() {
    return source;
  }
}
