package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.Stats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers by exact status in result.json and every format read back from it: a rate-limit test
 * whose 429s were expected (no errors), and the 4xx they make is not shown as bad.
 */
class StatusReportTest {
  /** 300 answers over 1 s: 100 of 200 and 200 of 429, both expected. */
  private static Stats limited() {
    long[] o = new long[Outcome.count()];
    o[Outcome.S2XX.ordinal()] = 100;
    o[Outcome.S4XX.ordinal()] = 200;
    OutcomeCounts counts = OutcomeCounts.of(o, 0, Map.of(200, 100L, 429, 200L));
    return new Stats(
        Results.S,
        300,
        300,
        counts,
        Results.histogram(300, Results.MS),
        Results.histogram(300, Results.MS));
  }

  @Test
  void everyFormatShowsTheAnswersByStatusReadBackFromResultJson(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("result.json");
    Files.write(
        file, ResultJson.toBytes(Results.result("http://127.0.0.1:8080/limited", 300, limited())));
    RunReport r = ResultReader.read(file);
    assertEquals(0, r.measured().errors(), "expected 429s are no errors");
    assertEquals(Map.of("200", 100L, "429", 200L), r.measured().byStatus());
    assertEquals(Map.of("200", 100L, "429", 200L), r.byName().get(0).byStatus());

    String text = TextSummary.render(r, false);
    assertTrue(text.contains("by status  200 100 (33.3%), 429 200 (66.7%)\n"), text);
    String md = Markdown.render(r, null);
    assertTrue(md.contains("Answers by status: 200 100 (33.3%), 429 200 (66.7%)"), md);
    String html = HtmlReport.render(r);
    assertTrue(html.contains("<h3>Answers by status</h3>"), "HTML section");
    assertTrue(html.contains("<th>429</th>"), "a column per status");
    assertFalse(html.contains("<td class=\"bad\">200</td>"), "the expected 4xx is not bad");
  }
}
