package dev.harness.cli;

import dev.harness.engine.time.Durations;
import dev.harness.engine.time.InvalidInputException;
import picocli.CommandLine;

/** Reads {@code 500ms}, {@code 10s}, {@code 1m30s} into nanoseconds. */
final class DurationConverter implements CommandLine.ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    try {
      return Durations.parseNanos(value, "duration");
    } catch (InvalidInputException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration (examples: 500ms, 10s, 1m30s)");
    }
  }
}
