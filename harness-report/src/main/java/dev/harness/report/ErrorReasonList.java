package dev.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The "protocol and request errors" section of the file reports: why requests ended in protocol or
 * request errors, by reason, most frequent first. Reads result.json's {@code protocolErrors} and
 * {@code requestErrors} back and lays the rows out as Markdown, HTML and JUnit properties, as
 * {@link FailedChecks} does for failed checks (the terminal summary has its own lines). Stateless.
 */
final class ErrorReasonList {
  private ErrorReasonList() {}

  /** {@code protocolErrors} then {@code requestErrors}; absent in results of older versions. */
  static List<RunReport.ErrorReason> read(JsonNode root) {
    List<RunReport.ErrorReason> all = new ArrayList<>();
    for (String[] kind :
        new String[][] {{"protocolErrors", "protocol_error"}, {"requestErrors", "request_error"}}) {
      if (!root.has(kind[0])) {
        continue;
      }
      JsonNode list = Json.array(root, kind[0], "");
      for (int i = 0; i < list.size(); i++) {
        String at = kind[0] + "[" + i + "]";
        all.add(
            new RunReport.ErrorReason(
                kind[1],
                Json.text(list.get(i), "reason", at),
                Json.count(list.get(i), "count", at)));
      }
    }
    return all;
  }

  /** The Markdown table; empty text when there are none. */
  static String markdown(List<RunReport.ErrorReason> reasons) {
    if (reasons.isEmpty()) {
      return "";
    }
    StringBuilder sb =
        new StringBuilder(
            "### Protocol and request errors\n\n| outcome | count | reason |\n|---|---:|---|\n");
    for (RunReport.ErrorReason e : reasons) {
      sb.append("| ")
          .append(e.outcome())
          .append(" | ")
          .append(e.count())
          .append(" | ")
          .append(Markdown.escape(e.reason()))
          .append(" |\n");
    }
    return sb.append('\n').toString();
  }

  /** The HTML section; nothing when there are none. */
  static void html(List<RunReport.ErrorReason> reasons, StringBuilder h) {
    if (reasons.isEmpty()) {
      return;
    }
    h.append("<section id=\"error-reasons\">\n<h2>Protocol and request errors</h2>\n")
        .append("<table class=\"data\">\n<tr><th>outcome</th><th>count</th><th>reason</th></tr>\n");
    for (RunReport.ErrorReason e : reasons) {
      h.append("<tr><td>")
          .append(Xml.escape(e.outcome()))
          .append("</td><td>")
          .append(e.count())
          .append("</td><td><code>")
          .append(Xml.escape(e.reason()))
          .append("</code></td></tr>\n");
    }
    h.append(
            "<p class=\"caption\">Why requests ended in protocol errors (a malformed answer, or an")
        .append(" answer nobody asked for) or request errors (a request that could not be built);")
        .append(" most frequent first, over the whole run.</p>\n</section>\n");
  }

  /**
   * JUnit properties {@code protocolError.1 = "Content-Length larger than body: 412"}, one per
   * reason, numbered per outcome.
   */
  static void junit(List<RunReport.ErrorReason> reasons, StringBuilder x) {
    int protocol = 0;
    int request = 0;
    for (RunReport.ErrorReason e : reasons) {
      boolean req = e.outcome().equals("request_error");
      String name = req ? "requestError." + ++request : "protocolError." + ++protocol;
      x.append("      <property name=\"")
          .append(name)
          .append("\" value=\"")
          .append(Xml.escape(e.reason() + ": " + e.count()))
          .append("\"/>\n");
    }
  }
}
