package dev.harness.report;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * {@code summary.md}: the run in a screenful of GitHub-flavoured Markdown, for a CI job summary
 * ({@code cat summary.md >> $GITHUB_STEP_SUMMARY}) or a merge-request comment: verdict, key
 * figures, criteria, latency table, phases, request names, and the baseline comparison if any.
 *
 * <p>Stateless and thread-safe.
 */
public final class Markdown {
  private Markdown() {}

  /** The summary; {@code comparison} may be null. */
  public static String render(RunReport r, Comparison comparison) {
    StringBuilder sb = new StringBuilder();
    String verdict = r.verdict().toUpperCase(Locale.ROOT);
    sb.append("## ")
        .append(r.verdict().equals("pass") ? "✅ " : "❌ ")
        .append("harness ")
        .append(verdict)
        .append(": `")
        .append(code(r.config().method() + " " + r.target()))
        .append("`\n\n");
    if (r.reason() != null && !r.reason().isBlank()) {
      sb.append("> ").append(escape(r.reason())).append("\n\n");
    }
    RunReport.Window m = r.measured();
    sb.append("| requests |");
    if (r.open()) {
      sb.append(" offered |");
    }
    sb.append(" achieved | errors | p50 | p99 | p99.9 | max |\n|---:|");
    if (r.open()) {
      sb.append("---:|");
    }
    sb.append("---:|---:|---:|---:|---:|---:|\n| ").append(m.requests()).append(" | ");
    if (r.open()) {
      sb.append(Format.rate(m.offeredRate())).append(" | ");
    }
    sb.append(Format.rate(m.achievedRate()))
        .append(" | ")
        .append(m.errors())
        .append(" (")
        .append(Format.percent(m.errorRate() / 100))
        .append(") | ")
        .append(Format.duration(m.response().p50()))
        .append(" | ")
        .append(Format.duration(m.response().p99()))
        .append(" | ")
        .append(Format.duration(m.response().p999()))
        .append(" | ")
        .append(Format.duration(m.response().max()))
        .append(" |\n\n");

    if (!r.criteria().isEmpty()) {
      sb.append("### Criteria\n\n| | criterion | actual |\n|---|---|---|\n");
      for (RunReport.Check c : r.criteria()) {
        sb.append("| ")
            .append(c.passed() ? "✅ pass" : "❌ fail")
            .append(" | `")
            .append(code(c.expression()))
            .append("` | ")
            .append(escape(c.actualText()))
            .append(" |\n");
      }
      sb.append('\n');
    }

    sb.append("### Latency of the measured phases\n\n")
        .append("| | p50 | p90 | p99 | p99.9 | p99.99 | max | mean |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    latencyRow(sb, "response", m.response());
    latencyRow(sb, "service", m.service());
    sb.append(
        "\nResponse time counts from each request's intended start (queueing included);"
            + " service time from the moment it was written.\n\n");

    RunReport.Generator g = r.generator();
    if (g != null) {
      sb.append("### Generator")
          .append(g.health() == null ? "" : ": " + g.health())
          .append("\n\n| | |\n|---|---|\n| timer lateness | p99 ")
          .append(Format.duration(g.timerP99()))
          .append(", max ")
          .append(Format.duration(g.timerMax()))
          .append(" |\n| long ticks (>16ms) | ")
          .append(g.longTicks())
          .append(" of ")
          .append(g.ticks())
          .append(" (")
          .append(Format.percent(g.longTickRatio() / 100))
          .append(") |\n| seconds behind | ")
          .append(g.behindSeconds())
          .append(" of ")
          .append(g.measuredSeconds())
          .append(" (limit ")
          .append(g.allowedBehindSeconds())
          .append(") |\n| dispatch lag p99 | ")
          .append(Format.duration(g.lagP99()))
          .append(" |\n| process CPU, GC | ")
          .append(g.processCpu() == null ? Format.NONE : Format.percent(g.processCpu() / 100))
          .append(", ")
          .append(g.gcPauses())
          .append(" pauses (")
          .append(Format.millis(g.gcPauseMs()))
          .append(") |\n");
      if (r.open()) {
        sb.append("| sent late | ").append(escape(Shortfall.late(g))).append(" |\n");
      }
      sb.append("| unanswered | ").append(escape(Shortfall.missing(m.outcomes()))).append(" |\n\n");
    }
    RunReport.Probe probe = r.probe();
    if (probe != null) {
      sb.append("### Health probe\n\nAvailability ")
          .append(
              probe.availability() == null
                  ? Format.NONE
                  : Format.percent(probe.availability() / 100))
          .append(" (")
          .append(probe.ok())
          .append(" of ")
          .append(probe.polls())
          .append(" probes of `")
          .append(code(probe.url()))
          .append("` ok)");
      for (String w : ProbeWindows.failures(probe)) {
        String[] f = w.split("\t", 3);
        sb.append("; failing ").append(f[0]).append(" (").append(escape(f[2])).append(')');
      }
      sb.append("\n\n");
    }

    if (r.phases().size() > 1) {
      sb.append("### Phases\n\n| phase | warm-up | offered | achieved | p99 | errors |\n")
          .append("|---|---|---:|---:|---:|---:|\n");
      for (RunReport.Phase p : r.phases()) {
        RunReport.Window s = p.stats();
        sb.append("| ")
            .append(escape(p.name()))
            .append(" | ")
            .append(p.warmup() ? "yes" : "no")
            .append(" | ")
            .append(r.open() ? Format.rate(s.offeredRate()) : Format.NONE)
            .append(" | ")
            .append(Format.rate(s.achievedRate()))
            .append(" | ")
            .append(Format.duration(s.response().p99()))
            .append(" | ")
            .append(s.errors())
            .append(" |\n");
      }
      sb.append('\n');
    }

    if (r.byName().size() > 1) {
      sb.append("### Requests by name\n\n| name | achieved | p50 | p99 | max | errors |\n")
          .append("|---|---:|---:|---:|---:|---:|\n");
      for (RunReport.Named n : r.byName()) {
        sb.append("| ")
            .append(escape(n.name()))
            .append(" | ")
            .append(Format.rate(n.achievedRate()))
            .append(" | ")
            .append(Format.duration(n.response().p50()))
            .append(" | ")
            .append(Format.duration(n.response().p99()))
            .append(" | ")
            .append(Format.duration(n.response().max()))
            .append(" | ")
            .append(n.errors())
            .append(" |\n");
      }
      sb.append('\n');
    }

    if (comparison != null) {
      sb.append(ComparisonTable.markdown(comparison)).append('\n');
    }

    sb.append("<sub>");
    if (r.startedAt() != null) {
      sb.append("started ")
          .append(
              DateTimeFormatter.ISO_INSTANT
                  .format(r.startedAt().truncatedTo(ChronoUnit.SECONDS))
                  .replace('T', ' '))
          .append(" · ");
    }
    sb.append(Format.seconds(r.measured().seconds())).append(" measured");
    if (r.warmupSeconds() > 0) {
      sb.append(" after ").append(Format.seconds(r.warmupSeconds())).append(" warm-up");
    }
    if (r.run() != null) {
      sb.append(" · harness ")
          .append(escape(r.run().version()))
          .append(" on ")
          .append(escape(r.run().machine()))
          .append(" · `")
          .append(code(r.run().command()))
          .append('`');
    }
    sb.append("</sub>\n");
    return sb.toString();
  }

  private static void latencyRow(StringBuilder sb, String name, Latency l) {
    sb.append("| ").append(name);
    for (Long v : new Long[] {l.p50(), l.p90(), l.p99(), l.p999(), l.p9999(), l.max(), l.mean()}) {
      sb.append(" | ").append(Format.duration(v));
    }
    sb.append(" |\n");
  }

  /** Text that Markdown must not read as markup: table pipes, emphasis, HTML. */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("`", "\\`")
        .replace("<", "&lt;")
        .replace("\n", " ");
  }

  /** Text inside a code span: only a backtick or a table pipe could break it. */
  private static String code(String s) {
    return s == null ? "" : s.replace("`", "'").replace("|", "\\|").replace("\n", " ");
  }
}
