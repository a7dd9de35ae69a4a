package dev.harness.engine.scenario;

import java.math.BigInteger;
import java.util.Locale;

/**
 * Every number form a YAML file may hold, as the parser hands it over as text: {@code 1_000},
 * {@code 0x10}, {@code 0o17}, {@code 0b101}, {@code +5}, {@code 1e3}, {@code .inf}, {@code .nan}
 * and integers too long for a {@code long}. Reading never throws: a form it does not know is null,
 * which {@link Node#number()} refuses with the element's file and line, as it does infinity and
 * NaN.
 */
final class YamlNumber {
  private YamlNumber() {}

  /**
   * Whether {@code text} is a number written in plain decimal ({@code 1000}, {@code -2.5}, {@code
   * 1e3}), not in one of YAML 1.1's other forms ({@code 1_000}, {@code 0x3e8}, {@code 0o17}, {@code
   * 0b101}). Those are refused: a load's rate or connection count read from a form the writer may
   * not have meant (a zip code {@code 0o17}, a version {@code 1_0}) is worse than a one-line error
   * that names the decimal value.
   */
  static boolean plainDecimal(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith("-") || s.startsWith("+")) {
      s = s.substring(1);
    }
    return !s.contains("_") && !s.startsWith("0x") && !s.startsWith("0o") && !s.startsWith("0b");
  }

  /** The value, or null when the text is no number this class knows. */
  static Double parse(String text) {
    String s = text.trim().replace("_", "").toLowerCase(Locale.ROOT);
    boolean negative = s.startsWith("-");
    if (negative || s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.equals(".nan")) {
      return Double.NaN;
    }
    double v = unsigned(s);
    return Double.isNaN(v) ? null : negative ? -v : v;
  }

  private static double unsigned(String s) {
    try {
      if (s.equals(".inf")) {
        return Double.POSITIVE_INFINITY;
      }
      if (s.startsWith("0x")) {
        return new BigInteger(s.substring(2), 16).doubleValue();
      }
      if (s.startsWith("0o")) {
        return new BigInteger(s.substring(2), 8).doubleValue();
      }
      if (s.startsWith("0b")) {
        return new BigInteger(s.substring(2), 2).doubleValue();
      }
      if (s.isEmpty() || !Character.isDigit(s.charAt(0)) && s.charAt(0) != '.') {
        // Double.parseDouble would take "Infinity" and "NaN", which YAML spells differently.
        return Double.NaN;
      }
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
