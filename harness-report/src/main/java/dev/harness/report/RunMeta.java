package dev.harness.report;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The metadata rows of an HTML page about a run or a capacity search: when it started, and from
 * {@link RunInfo} which scenario, command, machine, harness version and run id made it. One
 * rendering, so report.html and capacity.html say the same things the same way.
 *
 * <p>Stateless and thread-safe.
 */
final class RunMeta {
  private RunMeta() {}

  /** The {@code started} row: the start to the second, UTC; "-" when not known. */
  static void started(StringBuilder h, Instant startedAt) {
    row(
        h,
        "started",
        startedAt == null
            ? "-"
            : DateTimeFormatter.ISO_INSTANT
                .format(startedAt.truncatedTo(ChronoUnit.SECONDS))
                .replace('T', ' '));
  }

  /** The scenario, command, machine, version and run id rows; {@code info} may be null. */
  static void origin(StringBuilder h, RunInfo info) {
    row(
        h,
        "scenario",
        info == null || info.scenario() == null ? "command-line flags" : info.scenario());
    if (info != null) {
      h.append("<tr><th>command</th><td><code>")
          .append(Xml.escape(info.command()))
          .append("</code></td></tr>\n");
      row(h, "machine", info.machine());
      row(h, "version", "harness " + info.version());
      if (info.id() != null) {
        row(h, "run id", info.id());
      }
    }
  }

  static void row(StringBuilder h, String key, String value) {
    h.append("<tr><th>")
        .append(Xml.escape(key))
        .append("</th><td>")
        .append(Xml.escape(value))
        .append("</td></tr>\n");
  }
}
