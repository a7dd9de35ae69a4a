package dev.harness.report;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * {@code junit.xml}: the run as JUnit XML so CI systems (Jenkins, GitLab, GitHub test reporters)
 * list thresholds as tests. One test case per criterion, failing with a message such as {@code
 * required p99 < 5ms, actual 7.30ms}; one that errors when the run itself is not valid (target
 * unreachable, generator behind, interrupted), since then no criterion measured the target; and one
 * per regression bound when a baseline was compared. The terminal summary goes into {@code
 * system-out}.
 *
 * <p>Stateless and thread-safe.
 */
public final class JunitReport {
  private JunitReport() {}

  /** The XML document; {@code comparison} may be null. */
  public static String render(RunReport r, Comparison comparison) {
    StringBuilder cases = new StringBuilder();
    int tests = 0;
    int failures = 0;
    int errors = 0;

    boolean valid = r.verdict().equals("pass") || r.verdict().equals("fail");
    tests++;
    // A case's time is the stretch of the run it judged: validity the whole run, criteria and
    // regression bounds the measured window.
    String measured = seconds(r.measured().seconds());
    cases
        .append("    <testcase classname=\"harness.run\" name=\"run is valid\" time=\"")
        .append(seconds(wholeRun(r)))
        .append('"');
    if (valid) {
      cases.append("/>\n");
    } else {
      errors++;
      cases
          .append(">\n      <error type=\"")
          .append(esc(r.verdict()))
          .append("\" message=\"")
          .append(esc("run " + r.verdict() + (r.reason() == null ? "" : ": " + r.reason())))
          .append("\"/>\n    </testcase>\n");
    }

    for (RunReport.Check c : r.criteria()) {
      tests++;
      cases
          .append("    <testcase classname=\"harness.criteria\" name=\"")
          .append(esc(c.expression()))
          .append("\" time=\"")
          .append(measured)
          .append('"');
      if (c.passed()) {
        cases.append("/>\n");
      } else {
        failures++;
        String message = "required " + c.expression() + ", actual " + c.actualText();
        cases
            .append(">\n      <failure type=\"criterion\" message=\"")
            .append(esc(message))
            .append("\">")
            .append(esc(message))
            .append("</failure>\n    </testcase>\n");
      }
    }

    if (comparison != null) {
      for (Comparison.Row row : comparison.rows()) {
        if (row.bound() == null) {
          continue;
        }
        tests++;
        String name = row.metric() + " within " + row.bound().limitText() + " of the baseline";
        cases
            .append("    <testcase classname=\"harness.baseline\" name=\"")
            .append(esc(name))
            .append("\" time=\"")
            .append(measured)
            .append('"');
        if (!row.exceeded()) {
          cases.append("/>\n");
        } else {
          failures++;
          String message =
              String.format(
                  Locale.ROOT,
                  "%s moved %s (baseline %s, current %s), bound %s",
                  row.metric(),
                  row.changeText(),
                  row.baseText(),
                  row.currentText(),
                  row.bound().limitText());
          cases
              .append(">\n      <failure type=\"regression\" message=\"")
              .append(esc(message))
              .append("\">")
              .append(esc(message))
              .append("</failure>\n    </testcase>\n");
        }
      }
    }

    String time = seconds(wholeRun(r));
    String suite = "harness " + RunView.title(r);
    StringBuilder x = new StringBuilder();
    x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<testsuites name=\"harness\" tests=\"")
        .append(tests)
        .append("\" failures=\"")
        .append(failures)
        .append("\" errors=\"")
        .append(errors)
        .append("\" time=\"")
        .append(time)
        .append("\">\n  <testsuite name=\"")
        .append(esc(suite))
        .append("\" tests=\"")
        .append(tests)
        .append("\" failures=\"")
        .append(failures)
        .append("\" errors=\"")
        .append(errors)
        .append("\" skipped=\"0\" time=\"")
        .append(time)
        .append('"');
    if (r.startedAt() != null) {
      // The JUnit schema's timestamp has no zone: the instant is UTC.
      x.append(" timestamp=\"")
          .append(
              DateTimeFormatter.ISO_INSTANT
                  .format(r.startedAt().truncatedTo(ChronoUnit.SECONDS))
                  .replace("Z", ""))
          .append('"');
    }
    if (r.run() != null && r.run().host() != null) {
      x.append(" hostname=\"").append(esc(r.run().host())).append('"');
    }
    x.append(">\n    <properties>\n");
    property(x, "verdict", r.verdict());
    property(x, "target", r.target());
    if (r.generator() != null && r.generator().health() != null) {
      property(x, "generator.health", r.generator().health());
    }
    if (r.probe() != null && r.probe().availability() != null) {
      property(x, "probe.availability", Format.percent(r.probe().availability() / 100));
    }
    if (r.run() != null) {
      property(x, "harness.version", r.run().version());
      property(x, "command", r.run().command());
      if (r.run().id() != null) {
        property(x, "run.id", r.run().id());
      }
    }
    sections(RunView.of(r), x);
    ErrorReasonList.junit(r.errorReasons(), x);
    x.append("    </properties>\n")
        .append(cases)
        .append("    <system-out>")
        .append(esc(TextSummary.render(r, false)))
        .append("</system-out>\n  </testsuite>\n</testsuites>\n");
    return x.toString();
  }

  /**
   * The sections CI readers look for without opening the report, as properties: worker restarts,
   * each request name's latency, each fault's impact and recovery. The same lines are in {@code
   * system-out}.
   */
  private static void sections(RunView v, StringBuilder x) {
    if (!v.restarts().isEmpty()) {
      property(x, "generator.restarts", Integer.toString(v.restarts().size()));
      for (int i = 0; i < v.restarts().size(); i++) {
        property(x, "generator.restart." + (i + 1), v.restarts().get(i));
      }
    }
    if (v.byName().shown()) {
      for (RunView.NameRow n : v.byName().rows()) {
        property(
            x,
            "name." + n.name(),
            String.format(
                Locale.ROOT,
                "achieved %s, p50 %s, p99 %s, max %s, errors %d",
                n.achieved(),
                n.p50(),
                n.p99(),
                n.max(),
                n.errors()));
      }
    }
    if (v.faults() != null) {
      property(x, "availability", v.faults().availability());
      for (RunView.FaultRow f : v.faults().rows()) {
        property(
            x,
            "fault." + f.fault(),
            String.format(
                Locale.ROOT,
                "%s, requests %d, errors %d, p99 %s, recovery %s",
                f.window(),
                f.requests(),
                f.errors(),
                f.p99(),
                f.recovery()));
      }
    }
  }

  /** The run's length, warm-up included: its phases added up, else the measured window. */
  private static double wholeRun(RunReport r) {
    double sum = r.phases().stream().mapToDouble(p -> p.stats().seconds()).sum();
    return Math.max(sum, r.measured().seconds());
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.3f", s);
  }

  private static void property(StringBuilder x, String name, String value) {
    x.append("      <property name=\"")
        .append(esc(name))
        .append("\" value=\"")
        .append(esc(value))
        .append("\"/>\n");
  }

  private static String esc(String s) {
    return Xml.escape(s);
  }
}
