package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request-name selector of a criterion, {@code {name=token}} right after the metric as in
 * {@code p95{name=token} < 5ms}: splits it off the text so the rest parses as a run-wide criterion,
 * and checks a selected name against the names a run has. The name keeps its case; quotes around it
 * are dropped ({@code {name='GET /'}}).
 *
 * @param name the selected request name
 * @param rest the criterion's text without the selector
 */
record NameSelector(String name, String rest) {
  private static final Pattern SELECTOR = Pattern.compile("\\{\\s*name\\s*=\\s*([^}]*)}");

  /** The selector in {@code text}, or null when it has none. */
  static NameSelector split(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = SELECTOR.matcher(text);
    if (!m.find()) {
      if (text.contains("{")) {
        throw new InvalidInputException(
            "criterion '"
                + text
                + "': a request is selected as METRIC{name=NAME}, e.g."
                + " 'p95{name=login} < 5ms'");
      }
      return null;
    }
    String name = unquote(m.group(1).trim());
    if (name.isEmpty()) {
      throw new InvalidInputException("criterion '" + text + "': the request name is empty");
    }
    return new NameSelector(name, text.substring(0, m.start()) + text.substring(m.end()));
  }

  /** The selector as written back: {@code {name=token}}. */
  static String format(String name) {
    return "{name=" + name + "}";
  }

  private static String unquote(String s) {
    boolean quoted =
        s.length() >= 2
            && (s.startsWith("'") && s.endsWith("'") || s.startsWith("\"") && s.endsWith("\""));
    return quoted ? s.substring(1, s.length() - 1) : s;
  }

  /**
   * Why criterion {@code c} cannot be judged on a run with these request names, or null when it
   * can: its name, when it selects one, must be among them.
   */
  static String unknownName(Criterion c, List<String> names) {
    if (c.name() == null || c.isTarget() || names.contains(c.name())) {
      // a target series is checked against the recorded series (TargetMetricsSpec.check)
      return null;
    }
    return "criterion '"
        + c.expression()
        + "': no request named '"
        + c.name()
        + "' (requests: "
        + String.join(", ", names)
        + ")";
  }
}
