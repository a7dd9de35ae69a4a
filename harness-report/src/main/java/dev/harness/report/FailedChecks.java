package dev.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.result.CheckFailures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The "failed checks" section of every report: why checks failed, by reason, most frequent first.
 * Writes and reads its part of {@code result.json} ({@code checks.failures: [{reason, count}]}) and
 * lays the same rows out as text, Markdown and HTML. Stateless.
 */
final class FailedChecks {
  /** Reasons the terminal summary shows; the files show every reason kept. */
  static final int SUMMARY_REASONS = 5;

  private FailedChecks() {}

  /** The {@code checks} object of result.json. */
  static ObjectNode toJson(CheckFailures failures) {
    ObjectNode checks = JsonNodeFactory.instance.objectNode();
    ArrayNode list = checks.putArray("failures");
    for (CheckFailures.Reason r : failures.reasons()) {
      list.addObject().put("reason", r.reason()).put("count", r.count());
    }
    return checks;
  }

  /** The reasons of a result tree; empty when it has none (or predates them). */
  static List<CheckFailures.Reason> read(JsonNode root) {
    JsonNode checks = Json.objectOrNull(root, "checks", "");
    if (checks == null || !checks.has("failures")) {
      return List.of();
    }
    JsonNode fs = Json.array(checks, "failures", "checks");
    List<CheckFailures.Reason> out = new ArrayList<>();
    for (int i = 0; i < fs.size(); i++) {
      String at = "checks.failures[" + i + "]";
      out.add(
          new CheckFailures.Reason(
              Json.text(fs.get(i), "reason", at), Json.count(fs.get(i), "count", at)));
    }
    return out;
  }

  /** Text lines of the terminal summary: the top reasons with counts; nothing when none failed. */
  static List<String> text(List<CheckFailures.Reason> reasons) {
    if (reasons.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    out.add("failed checks (top reasons)");
    for (CheckFailures.Reason r : reasons.subList(0, Math.min(SUMMARY_REASONS, reasons.size()))) {
      out.add(String.format(Locale.ROOT, "  %8d  %s", r.count(), r.reason()));
    }
    if (reasons.size() > SUMMARY_REASONS) {
      long more =
          reasons.stream().skip(SUMMARY_REASONS).mapToLong(CheckFailures.Reason::count).sum();
      out.add(
          String.format(
              Locale.ROOT,
              "  %8d  (%d more reasons in result.json)",
              more,
              reasons.size() - SUMMARY_REASONS));
    }
    return out;
  }

  /** The Markdown table; empty text when none failed. */
  static String markdown(List<CheckFailures.Reason> reasons) {
    if (reasons.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("### Failed checks\n\n| count | reason |\n|---:|---|\n");
    for (CheckFailures.Reason r : reasons) {
      sb.append("| ")
          .append(r.count())
          .append(" | ")
          .append(Markdown.escape(r.reason()))
          .append(" |\n");
    }
    return sb.append('\n').toString();
  }

  /** The HTML section; nothing when none failed. */
  static void html(List<CheckFailures.Reason> reasons, StringBuilder h) {
    if (reasons.isEmpty()) {
      return;
    }
    h.append("<section id=\"failed-checks\">\n<h2>Failed checks</h2>\n")
        .append("<table class=\"data\">\n<tr><th>count</th><th>reason</th></tr>\n");
    for (CheckFailures.Reason r : reasons) {
      h.append("<tr><td>")
          .append(r.count())
          .append("</td><td><code>")
          .append(Xml.escape(r.reason()))
          .append("</code></td></tr>\n");
    }
    h.append("</table>\n<p class=\"caption\">Most frequent first, in the measured phases; at most ")
        .append(CheckFailures.MAX_REASONS)
        .append(" distinct reasons are kept, the rest count as <code>")
        .append(CheckFailures.OTHER)
        .append("</code>.</p>\n</section>\n");
  }
}
