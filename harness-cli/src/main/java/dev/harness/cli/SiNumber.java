package dev.harness.cli;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads rates and counts with an SI suffix, as wrk2 and vegeta accept them: {@code 2k} is 2,000,
 * {@code 1.5M} 1,500,000, {@code 1G} 10^9; a plain number ({@code 500}, {@code 1e4}) as it is.
 */
final class SiNumber {
  private static final Pattern NUMBER =
      Pattern.compile("([-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?)([kKMG]?)");

  private SiNumber() {}

  /**
   * The value of {@code text}.
   *
   * @throws CommandLine.TypeConversionException when it is not a number with an optional suffix
   */
  static BigDecimal parse(String text) {
    Matcher m = NUMBER.matcher(text.strip());
    if (!m.matches()) {
      throw new CommandLine.TypeConversionException(
          "'" + text + "' is not a number (examples: 500, 2k, 1.5M)");
    }
    BigDecimal v = new BigDecimal(m.group(1));
    return switch (m.group(2)) {
      case "k", "K" -> v.scaleByPowerOfTen(3);
      case "M" -> v.scaleByPowerOfTen(6);
      case "G" -> v.scaleByPowerOfTen(9);
      default -> v;
    };
  }

  /** A rate per second: any number, with a suffix. */
  static final class Rate implements CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      return parse(value).doubleValue();
    }
  }

  /** A count that fits an int: a whole number, with a suffix ({@code 1.5k} is 1500). */
  static final class Count implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        return whole(value).intValueExact();
      } catch (ArithmeticException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is too large");
      }
    }
  }

  /** A count that fits a long: a whole number, with a suffix. */
  static final class LongCount implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return whole(value).longValueExact();
      } catch (ArithmeticException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is too large");
      }
    }
  }

  private static BigDecimal whole(String value) {
    BigDecimal v = parse(value);
    if (v.stripTrailingZeros().scale() > 0) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a whole number (examples: 64, 2k, 1.5M)");
    }
    return v;
  }
}
