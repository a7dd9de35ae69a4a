package dev.harness.report;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

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
    RunView v = RunView.of(r);
    StringBuilder sb = new StringBuilder();
    sb.append("## ")
        .append(r.verdict().equals("pass") ? "✅ " : "❌ ")
        .append("harness ")
        .append(v.headline().verdict())
        .append(": `")
        .append(code(v.headline().title()))
        .append("`\n\n");
    if (v.headline().reason() != null) {
      sb.append("> ").append(escape(v.headline().reason())).append("\n\n");
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
    String byStatus = StatusText.of(m.byStatus(), m.requests());
    if (byStatus != null) {
      sb.append("Answers by status: ").append(escape(byStatus)).append("\n\n");
    }

    if (!v.criteria().isEmpty()) {
      sb.append("### Criteria\n\n| | criterion | actual |\n|---|---|---|\n");
      for (RunReport.Check c : v.criteria()) {
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

    sb.append(FailedChecks.markdown(r.checkFailures()));
    sb.append(ErrorReasonList.markdown(r.errorReasons()));
    sb.append("### Latency of the measured phases\n\n")
        .append("| | p50 | p90 | p99 | p99.9 | p99.99 | max | mean |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (RunView.LatencyRow row : v.percentiles().rows()) {
      sb.append("| ").append(row.name());
      for (String cell : row.cells()) {
        sb.append(" | ").append(cell);
      }
      sb.append(" |\n");
    }
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
      sb.append("| unanswered | ").append(escape(Shortfall.missing(m.outcomes()))).append(" |\n");
      for (String restart : v.restarts()) {
        sb.append("| worker restart | ").append(escape(restart)).append(" |\n");
      }
      sb.append('\n');
    }
    connections(r, sb);
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

    faults(v.faults(), sb);
    if (v.phases().size() > 1) {
      sb.append("### Phases\n\n| phase | warm-up | offered | achieved | p99 | errors |\n")
          .append("|---|---|---:|---:|---:|---:|\n");
      for (RunView.PhaseRow p : v.phases()) {
        sb.append("| ")
            .append(escape(p.name()))
            .append(" | ")
            .append(p.warmup() ? "yes" : "no")
            .append(" | ")
            .append(p.offered())
            .append(" | ")
            .append(p.achieved())
            .append(" | ")
            .append(p.p99())
            .append(" | ")
            .append(p.errors())
            .append(" |\n");
      }
      sb.append('\n');
    }

    if (v.byName().shown()) {
      sb.append("### Requests by name\n\n| name | achieved | p50 | p99 | max | errors |\n")
          .append("|---|---:|---:|---:|---:|---:|\n");
      for (RunView.NameRow n : v.byName().rows()) {
        sb.append("| ")
            .append(escape(n.name()))
            .append(" | ")
            .append(n.achieved())
            .append(" | ")
            .append(n.p50())
            .append(" | ")
            .append(n.p99())
            .append(" | ")
            .append(n.max())
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
      if (r.run().id() != null) {
        sb.append(" · run ").append(escape(r.run().id()));
      }
    }
    sb.append("</sub>\n");
    return sb.toString();
  }

  /**
   * The protocol the requests went over and what opening connections cost (connect, TLS, handshake
   * rows as in the text summary), when the result has either.
   */
  private static void connections(RunReport r, StringBuilder sb) {
    if (r.http2() == null && r.connections() == null) {
      return;
    }
    sb.append("### Connections\n\n| | |\n|---|---|\n| protocol | ")
        .append(r.http2() == null ? "http/1.1" : escape(r.http2().describe()))
        .append(" |\n");
    if (r.connections() != null) {
      for (String[] row : r.connections().rows()) {
        sb.append("| ").append(row[0]).append(" | ").append(escape(row[1])).append(" |\n");
      }
    }
    for (String[] row : WebSocketBlock.rowsOf(r)) {
      sb.append("| ").append(row[0]).append(" | ").append(escape(row[1])).append(" |\n");
    }
    sb.append('\n');
  }

  /** The SLO, availability and each fault's impact and recovery, when the run had them. */
  private static void faults(RunView.Faults f, StringBuilder sb) {
    if (f == null) {
      return;
    }
    sb.append("### Faults and recovery\n\nSLO per second: `")
        .append(code(f.slo()))
        .append("` (")
        .append(f.sloSource())
        .append("); available (within the SLO) ")
        .append(f.availability())
        .append(" of ")
        .append(f.secondsJudged())
        .append(" measured seconds");
    if (f.abort() != null) {
      sb.append("; aborted ").append(escape(f.abort()));
    }
    sb.append(".\n\n");
    for (String o : f.outages()) {
      sb.append("- outage (not injected): ").append(escape(o)).append('\n');
    }
    if (!f.outages().isEmpty()) {
      sb.append('\n');
    }
    if (f.rows().isEmpty()) {
      return;
    }
    sb.append("| fault | window | requests | errors | p99 | recovery |\n")
        .append("|---|---|---:|---:|---:|---|\n");
    for (RunView.FaultRow row : f.rows()) {
      sb.append("| ")
          .append(escape(row.fault()))
          .append(" | ")
          .append(row.window())
          .append(" | ")
          .append(row.requests())
          .append(" | ")
          .append(row.errors())
          .append(" | ")
          .append(row.p99())
          .append(" | ")
          .append(escape(row.recovery()))
          .append(" |\n");
    }
    sb.append(
        "\nRecovery: from the fault's end to the first second within the SLO (1 s grid).\n\n");
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
