package dev.harness.report;

import dev.harness.engine.time.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far a figure may move from the baseline: {@code p99=+50%} (p99 may rise by half), {@code
 * rps=-10%} (the achieved rate may drop by a tenth), {@code errors=+0.5pp} (the error rate may rise
 * by half a percentage point). The sign says which way is a regression.
 *
 * @param metric one of {@link Comparison#METRICS}
 * @param up whether a rise is the regression (sign {@code +}); else a drop is
 * @param limit how far, in percent of the baseline, or in percentage points with {@code points}
 * @param points whether {@code limit} is in percentage points (error rate only)
 */
public record RegressionBound(String metric, boolean up, double limit, boolean points) {

  private static final Pattern FORM =
      Pattern.compile(
          "\\s*([a-z][a-z0-9.]*)\\s*=\\s*([+-])\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(%|pp)\\s*");

  /** The bounds {@code compare} applies when none is given: the checklists' 50 % degradation. */
  public static final List<RegressionBound> DEFAULTS =
      List.of(parse("p99=+50%"), parse("rps=-50%"));

  /** Parses a bound; anything else is an {@link InvalidInputException} that says what is valid. */
  public static RegressionBound parse(String text) {
    String where = "--max-regression '" + text + "'";
    Matcher m = FORM.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new InvalidInputException(
          where
              + ": expected METRIC=+N% or METRIC=-N%, e.g. 'p99=+50%', 'rps=-10%', 'errors=+1pp'");
    }
    String metric = m.group(1);
    if (!Comparison.METRICS.contains(metric)) {
      throw new InvalidInputException(
          where
              + ": unknown metric '"
              + metric
              + "' (known: "
              + String.join(", ", Comparison.METRICS)
              + ")");
    }
    boolean points = m.group(4).equals("pp");
    if (points && !metric.equals("errors")) {
      throw new InvalidInputException(
          where + ": percentage points (pp) apply to errors only; use % for " + metric);
    }
    return new RegressionBound(
        metric, m.group(2).equals("+"), Double.parseDouble(m.group(3)), points);
  }

  /** Normalised text, e.g. {@code p99=+50%}. */
  public String text() {
    String n = limit == Math.rint(limit) ? Long.toString((long) limit) : Double.toString(limit);
    return metric + "=" + (up ? "+" : "-") + n + (points ? "pp" : "%");
  }

  /** The bound as a column value: {@code +50%}. */
  String limitText() {
    return text().substring(metric.length() + 1);
  }

  /**
   * Whether the move from {@code base} to {@code current} goes past the bound. A figure missing on
   * either side (nothing measured) is never within: a bound never passes on nothing.
   */
  boolean exceededBy(Double base, Double current) {
    if (base == null || current == null) {
      return true;
    }
    double change = points ? current - base : Comparison.relativeChange(base, current);
    return up ? change > limit : change < -limit;
  }
}
