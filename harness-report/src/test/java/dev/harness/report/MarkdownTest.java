package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTest {

  @Test
  void summarySuitsACiJobSummary() {
    RunReport r = RunReport.of(Results.realistic(), Results.info());
    String md = Markdown.render(r, null);

    assertTrue(md.startsWith("## ❌ harness FAIL: `GET http://127.0.0.1:18700/api/items`"), md);
    assertTrue(md.contains("> 1 of 3 criteria failed"), md);
    assertTrue(md.contains("| ❌ fail | `p99 < 50ms` | " + r.criteria().get(0).actualText()), md);
    Latency l = r.measured().response();
    assertTrue(
        md.contains(
            "| response | "
                + String.join(
                    " | ",
                    List.of(
                        Format.duration(l.p50()),
                        Format.duration(l.p90()),
                        Format.duration(l.p99()),
                        Format.duration(l.p999()),
                        Format.duration(l.p9999()),
                        Format.duration(l.max()),
                        Format.duration(l.mean())))
                + " |"),
        md);
    assertTrue(md.contains("| list items |"), "requests by name: " + md);
    assertTrue(md.contains("`harness run http://127.0.0.1:18700/api/items -R 200"), md);
  }

  @Test
  void pipesInNamesDoNotBreakTables() {
    assertTrue(Markdown.escape("a|b").equals("a\\|b"));
  }
}
