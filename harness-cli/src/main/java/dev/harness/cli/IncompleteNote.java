package dev.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harness.report.ResultReader;
import dev.harness.report.RunReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code harness report} says of an incomplete run (verdict {@code incomplete}: its process
 * was killed, crashed, or is still going): since when nothing was written to its files, and how far
 * into the run each of them reaches. The checkpoint alone would undersell the log, which goes on
 * every second after it.
 */
final class IncompleteNote {
  private static final Pattern SECOND = Pattern.compile("^([0-9.]+),([0-9.]+),");

  private IncompleteNote() {}

  /** The note for the run at {@code path} (a folder or its result.json), or null if complete. */
  static String of(Path path, RunReport report, Instant now) {
    if (!ResultReader.INCOMPLETE.equals(report.verdict())) {
      return null;
    }
    Path json = Files.isDirectory(path) ? path.resolve(ResultReader.RESULT_FILE) : path;
    Path dir = json.toAbsolutePath().getParent();
    Path hlog = dir.resolve(ResultReader.LATENCY_FILE);
    Instant last = modified(json);
    Instant logged = Files.isRegularFile(hlog) ? modified(hlog) : null;
    if (logged != null && logged.isAfter(last)) {
      last = logged;
    }
    StringBuilder s = new StringBuilder("harness: incomplete run");
    if (report.run() != null && report.run().id() != null) {
      s.append(' ').append(report.run().id());
    }
    s.append(": nothing written since ")
        .append(last.truncatedTo(ChronoUnit.SECONDS))
        .append(" (")
        .append(ago(Duration.between(last, now)))
        .append(")");
    Double reach = logged == null ? null : lastSecond(hlog);
    if (reach != null) {
      s.append("; ")
          .append(ResultReader.LATENCY_FILE)
          .append(" reaches ")
          .append(seconds(reach))
          .append(" into the run");
    }
    JsonNode cp = ResultReader.readJson(json).path("checkpoint");
    if (cp.has("atSeconds")) {
      s.append(reach == null ? "; " : ", ")
          .append(ResultReader.RESULT_FILE)
          .append("'s checkpoint at ")
          .append(seconds(cp.get("atSeconds").asDouble()));
    }
    return s.append("; the process was killed or crashed, or is still running").toString();
  }

  private static Instant modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  /**
   * The end of the last per-second line of the log (untagged: all requests), in seconds from the
   * run's time zero, from which its lines are timed. Null when the log has none.
   */
  private static Double lastSecond(Path hlog) {
    Double end = null;
    try (BufferedReader r = Files.newBufferedReader(hlog, StandardCharsets.US_ASCII)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        Matcher m = SECOND.matcher(line);
        if (m.find()) {
          // A last line cut short by the crash still has its start and length first.
          end = Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2));
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return end;
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.1f s", s);
  }

  private static String ago(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + " s ago";
    }
    if (s < 7200) {
      return s / 60 + " min ago";
    }
    return s / 3600 + " h ago";
  }
}
