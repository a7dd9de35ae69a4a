package dev.harness.engine.time;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints durations the way users write them: {@code 500ms}, {@code 10s}, {@code 1m30s}.
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private Durations() {}

  /**
   * Parses a duration such as {@code 250us}, {@code 10s}, {@code 1m30s} or {@code 2h}. A bare
   * number means seconds.
   *
   * @throws InvalidInputException naming {@code what} when the text is not a duration
   */
  public static long parseNanos(String text, String what) {
    String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (s.isEmpty()) {
      throw new InvalidInputException(what + ": empty duration");
    }
    if (s.matches("\\d+(\\.\\d+)?")) {
      s = s + "s";
    }
    Matcher m = PART.matcher(s);
    int at = 0;
    double nanos = 0;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new InvalidInputException(
            what + ": cannot read duration '" + text + "' (examples: 500ms, 10s, 1m30s)");
      }
      nanos += Double.parseDouble(m.group(1)) * unitNanos(m.group(2));
      at = m.end();
    }
    if (nanos > Long.MAX_VALUE / 2) {
      throw new InvalidInputException(what + ": duration '" + text + "' is too long");
    }
    return Math.round(nanos);
  }

  /** Nanoseconds in one of the units {@code ns us µs ms s m h}. */
  public static double unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1;
      case "us", "µs" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      case "h" -> 3600e9;
      default -> throw new IllegalArgumentException("unit " + unit);
    };
  }

  /** A short human form: {@code 850us}, {@code 12.3ms}, {@code 1.50s}, {@code 2m05s}. */
  public static String format(long nanos) {
    if (nanos < 1_000) {
      return nanos + "ns";
    }
    if (nanos < 1_000_000) {
      return trim(nanos / 1e3) + "us";
    }
    if (nanos < 1_000_000_000) {
      return trim(nanos / 1e6) + "ms";
    }
    if (nanos < 60_000_000_000L) {
      return String.format(Locale.ROOT, "%.2fs", nanos / 1e9);
    }
    long s = Math.round(nanos / 1e9);
    return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }

  private static String trim(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
