package dev.harness.report;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A {@link Comparison} as a plain-text table for the terminal and as Markdown for CI. */
public final class ComparisonTable {
  private static final String ROW = "%-9s %12s %12s %10s %8s  %s";

  private ComparisonTable() {}

  /** Lines ending in {@code \n}; the last one says whether every bound held. */
  public static String text(Comparison c) {
    List<String> out = new ArrayList<>();
    out.add("baseline   " + describe(c.baseline()));
    out.add("current    " + describe(c.current()));
    for (String note : c.notes()) {
      out.add("note: " + note);
    }
    out.add("");
    out.add(
        String.format(Locale.ROOT, ROW, "metric", "baseline", "current", "change", "bound", "")
            .stripTrailing());
    for (Comparison.Row r : c.rows()) {
      out.add(
          String.format(
                  Locale.ROOT,
                  ROW,
                  r.metric(),
                  r.baseText(),
                  r.currentText(),
                  r.changeText(),
                  r.bound() == null ? "" : r.bound().limitText(),
                  r.bound() == null ? "" : r.exceeded() ? "EXCEEDED" : "ok")
              .stripTrailing());
    }
    out.add("");
    out.add("comparison: " + c.verdict());
    StringBuilder sb = new StringBuilder();
    for (String line : out) {
      sb.append(line).append('\n');
    }
    return Format.ascii(sb.toString());
  }

  /** A Markdown section, for summary.md and CI job summaries. */
  public static String markdown(Comparison c) {
    StringBuilder sb = new StringBuilder();
    sb.append("### Compared with the baseline\n\n");
    sb.append(c.held() ? "Within bounds" : "**Regression**")
        .append(": ")
        .append(Markdown.escape(c.verdict()))
        .append(". Baseline: ")
        .append(Markdown.escape(describe(c.baseline())))
        .append(".\n\n");
    for (String note : c.notes()) {
      sb.append("> ").append(Markdown.escape(note)).append("\n\n");
    }
    sb.append("| metric | baseline | current | change | bound | |\n");
    sb.append("|---|---:|---:|---:|---:|---|\n");
    for (Comparison.Row r : c.rows()) {
      sb.append("| ")
          .append(r.metric())
          .append(" | ")
          .append(r.baseText())
          .append(" | ")
          .append(r.currentText())
          .append(" | ")
          .append(r.changeText())
          .append(" | ")
          .append(r.bound() == null ? "" : r.bound().limitText())
          .append(" | ")
          .append(r.bound() == null ? "" : r.exceeded() ? "❌ exceeded" : "✅")
          .append(" |\n");
    }
    return sb.toString();
  }

  /** A run in one phrase: when it started and what it asked for. */
  static String describe(RunReport r) {
    return (r.startedAt() == null
            ? "start unknown"
            : "started " + r.startedAt().truncatedTo(ChronoUnit.SECONDS))
        + ", "
        + r.config().method()
        + " "
        + r.target()
        + ", verdict "
        + r.verdict();
  }
}
