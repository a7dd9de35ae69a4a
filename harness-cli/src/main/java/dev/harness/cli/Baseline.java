package dev.harness.cli;

import dev.harness.engine.time.InvalidInputException;
import dev.harness.report.Comparison;
import dev.harness.report.RegressionBound;
import dev.harness.report.ResultReader;
import dev.harness.report.RunReport;
import java.nio.file.Path;
import java.util.List;

/**
 * A baseline run and the bounds a new run is held to, read and checked before anything runs.
 *
 * @param strict whether a run of another target is refused ({@code --strict}) rather than noted
 */
record Baseline(RunReport report, List<RegressionBound> bounds, boolean strict) {

  /**
   * Null when no baseline was given; bounds or {@code --strict} without a baseline are a usage
   * error.
   */
  static Baseline read(Path file, List<String> bounds, boolean strict) {
    List<RegressionBound> parsed = bounds(bounds);
    if (file == null) {
      if (!bounds.isEmpty()) {
        throw new InvalidInputException("--max-regression needs --baseline FILE to compare with");
      }
      if (strict) {
        throw new InvalidInputException("--strict needs --baseline FILE to compare with");
      }
      return null;
    }
    return new Baseline(ResultReader.read(file), parsed, strict);
  }

  /** The bounds as given, or the defaults when none is. */
  static List<RegressionBound> bounds(List<String> texts) {
    return texts.isEmpty()
        ? RegressionBound.DEFAULTS
        : texts.stream().map(RegressionBound::parse).toList();
  }

  Comparison compare(RunReport current) {
    return Comparison.of(report, current, bounds, strict);
  }
}
