package dev.harness.report;

import dev.harness.engine.time.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * One shard's {@code latency.hlog} as the merge needs it: every histogram, keyed by what lines up
 * across shards. Shards log from the common start ({@code --start-at}), so the interval that starts
 * at second {@code s} of one shard covers the same second of every other; an interval is keyed by
 * its start rounded to the second.
 *
 * @param perSecond the untagged lines: every request's response time, by second
 * @param perName the per-second lines of each request name, by tag, then by second
 * @param summaries the whole-window lines ({@code measured.response}, {@code phase.*}, {@code
 *     name.*}), by tag, in the log's order
 * @param ranges each line's start and end, seconds from the log's start: whole-window lines by tag,
 *     per-second lines by their second (as {@code "" + second})
 */
record ShardLog(
    Map<Long, Histogram> perSecond,
    Map<String, Map<Long, Histogram>> perName,
    Map<String, Histogram> summaries,
    Map<String, double[]> ranges) {

  /**
   * Reads {@code file}.
   *
   * @throws InvalidInputException naming the file when it is missing or malformed
   */
  static ShardLog read(Path file) {
    Map<Long, Histogram> perSecond = new TreeMap<>();
    Map<String, Map<Long, Histogram>> perName = new LinkedHashMap<>();
    Map<String, Histogram> summaries = new LinkedHashMap<>();
    Map<String, double[]> ranges = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(file)) {
      HistogramLogReader reader = new HistogramLogReader(in);
      EncodableHistogram e;
      while ((e = next(reader, file)) != null) {
        if (!(e instanceof Histogram h)) {
          throw new InvalidInputException(file + ": holds double histograms, not harness latency");
        }
        double from = h.getStartTimeStamp() / 1e3 - reader.getStartTimeSec();
        double to = h.getEndTimeStamp() / 1e3 - reader.getStartTimeSec();
        String tag = h.getTag() == null ? "" : h.getTag();
        long second = Math.round(from);
        if (tag.endsWith(".response") || tag.endsWith(".service")) {
          summaries.put(tag, h);
          ranges.put(tag, new double[] {from, to});
        } else if (tag.isEmpty()) {
          perSecond.put(second, h);
          ranges.put("" + second, new double[] {from, to});
        } else {
          perName.computeIfAbsent(tag, k -> new TreeMap<>()).put(second, h);
        }
      }
    } catch (java.nio.file.NoSuchFileException ex) {
      throw new InvalidInputException("no such file: " + file);
    } catch (IOException ex) {
      throw new InvalidInputException("cannot read " + file + ": " + ex.getMessage());
    }
    return new ShardLog(perSecond, perName, summaries, ranges);
  }

  private static EncodableHistogram next(HistogramLogReader reader, Path file) {
    try {
      return reader.nextIntervalHistogram();
    } catch (RuntimeException ex) {
      throw new InvalidInputException(file + ": malformed histogram log line (" + ex + ")");
    }
  }

  /** A new histogram holding the sum of {@code a} (may be null) and {@code b}: exact, no loss. */
  static Histogram plus(Histogram a, Histogram b) {
    // At the inputs' own precision: per-second lines are written at two digits, and adding them
    // into a finer histogram would move each count to its bucket's lowest value, not add exactly.
    int digits = b.getNumberOfSignificantValueDigits();
    if (a != null) {
      digits = Math.max(digits, a.getNumberOfSignificantValueDigits());
    }
    Histogram sum = new Histogram(digits);
    if (a != null) {
      sum.add(a);
    }
    sum.add(b);
    return sum;
  }
}
