package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harness.engine.result.CheckFailures;
import dev.harness.engine.result.RunResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failed checks by reason: in result.json, read back, and in every report format. */
class FailedChecksTest {
  private static RunResult withFailures(CheckFailures f) {
    RunResult r = Results.result();
    return r.toBuilder().checkFailures(f).build();
  }

  private static CheckFailures sevenReasons() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 1; i <= 7; i++) {
      counts.put("me: json /user: expected 'alice', got 'user" + i + "'", 100L - i);
    }
    return CheckFailures.of(counts);
  }

  @Test
  void resultJsonListsReasonsWithCountsMostFrequentFirst() {
    JsonNode failures =
        ResultJson.toJson(withFailures(sevenReasons())).get("checks").get("failures");
    assertEquals(7, failures.size());
    assertEquals(
        "me: json /user: expected 'alice', got 'user1'", failures.get(0).get("reason").asText());
    assertEquals(99, failures.get(0).get("count").asLong());
    RunReport back = RunReport.of(withFailures(sevenReasons()), null);
    assertEquals(sevenReasons().reasons(), back.checkFailures());
  }

  @Test
  void aRunWithoutFailuresHasAnEmptyListAndNoSection() {
    RunResult r = Results.result();
    assertEquals(0, ResultJson.toJson(r).get("checks").get("failures").size());
    RunReport report = RunReport.of(r, null);
    assertFalse(TextSummary.render(report, false).contains("failed checks"));
    assertFalse(Markdown.render(report, null).contains("Failed checks"));
    assertFalse(HtmlReport.render(report).contains("failed-checks"));
  }

  @Test
  void everyFormatShowsTheTopReasons() {
    RunReport report = RunReport.of(withFailures(sevenReasons()), null);
    String text = TextSummary.render(report, false);
    assertTrue(text.contains("failed checks (top reasons)"), text);
    assertTrue(text.contains("      99  me: json /user: expected 'alice', got 'user1'"), text);
    assertFalse(text.contains("user6'"), "the summary shows the top 5:\n" + text);
    assertTrue(text.contains("(2 more reasons in result.json)"), text);
    String md = Markdown.render(report, null);
    assertTrue(md.contains("| 93 | me: json /user: expected 'alice', got 'user7' |"), md);
    String html = HtmlReport.render(report);
    assertTrue(
        html.contains("<td>99</td><td><code>me: json /user: expected &#39;alice&#39;"), html);
    assertEquals(List.of(), RunReport.of(Results.result(), null).checkFailures());
  }
}
