package dev.harness.report;

import dev.harness.engine.model.InvalidInputException;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.PhaseResult;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.run.RunListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

/**
 * {@code latency.hlog}: the run's response times as an HdrHistogram interval log, readable by
 * {@code HistogramLogProcessor}, {@code HistogramLogAnalyzer} and any HdrHistogram log reader.
 * Values are nanoseconds; interval timestamps are seconds relative to the run start, which the
 * header gives as {@code StartTime} and {@code BaseTime}.
 *
 * <ul>
 *   <li>Untagged lines: one per second, the response times of every request completed in it,
 *       warm-up included.
 *   <li>{@code Tag=NAME}: the same series for one request name (white space and commas in a name
 *       become {@code _}, since the log format splits on them).
 *   <li>{@code Tag=measured.response} and {@code Tag=measured.service}: one line each spanning the
 *       measured window, holding exactly the histograms the summary, the criteria and every report
 *       take their percentiles from.
 * </ul>
 *
 * <pre>{@code
 * java -cp HdrHistogram.jar org.HdrHistogram.HistogramLogProcessor -i latency.hlog -tag measured.response
 * }</pre>
 */
public final class LatencyLog {

  /** Tag of the measured window's response-time histogram. */
  public static final String MEASURED_RESPONSE = "measured.response";

  /** Tag of the measured window's service-time histogram. */
  public static final String MEASURED_SERVICE = "measured.service";

  /** Values are nanoseconds; the max column of each line is shown in milliseconds. */
  private static final double MAX_IN_MILLIS = 1e6;

  private LatencyLog() {}

  /**
   * Collects the per-second series while a run lasts. Called on the engine's sampler thread; the
   * histograms are encoded during the call, as the listener contract requires.
   */
  public static final class Recorder implements RunListener {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final HistogramLogWriter writer =
        new HistogramLogWriter(new PrintStream(body, false, StandardCharsets.UTF_8));
    // Tagged copies, one per name, reused each second: the engine's histograms are not ours to tag.
    private final Map<String, Histogram> tagged = new HashMap<>();

    @Override
    public synchronized void onInterval(
        IntervalStats stats, Histogram response, Map<String, Histogram> responseByName) {
      double from = stats.startNanos() / 1e9;
      double to = stats.endNanos() / 1e9;
      writer.outputIntervalHistogram(from, to, response, MAX_IN_MILLIS);
      for (Map.Entry<String, Histogram> e : responseByName.entrySet()) {
        Histogram copy =
            tagged.computeIfAbsent(
                e.getKey(),
                name -> {
                  Histogram h = new Histogram(3);
                  h.setTag(tag(name));
                  return h;
                });
        copy.reset();
        copy.add(e.getValue());
        writer.outputIntervalHistogram(from, to, copy, MAX_IN_MILLIS);
      }
    }

    synchronized byte[] lines() {
      return body.toByteArray();
    }
  }

  /**
   * The complete log of a run: header, the series {@code recorder} collected (none if null), and
   * the measured window's histograms.
   */
  public static byte[] bytes(RunResult result, Recorder recorder) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(out, false, StandardCharsets.UTF_8);
    HistogramLogWriter w = new HistogramLogWriter(ps);
    long startMillis = result.startedAt() == null ? 0 : result.startedAt().toEpochMilli();
    w.outputComment(
        "harness latency log: nanoseconds; untagged = response time of all requests per second;"
            + " Tag=NAME = one request name; Tag="
            + MEASURED_RESPONSE
            + " and Tag="
            + MEASURED_SERVICE
            + " = the measured window");
    w.outputLogFormatVersion();
    w.outputStartTime(startMillis);
    w.setBaseTime(startMillis);
    w.outputBaseTime(startMillis);
    w.outputLegend();
    ps.flush();
    if (recorder != null) {
      out.writeBytes(recorder.lines());
    }
    double from = 0;
    for (PhaseResult p : result.phases()) {
      if (!p.warmup()) {
        break;
      }
      from += p.stats().durationNanos() / 1e9;
    }
    double to = from + result.measured().durationNanos() / 1e9;
    w.outputIntervalHistogram(
        from, to, tagged(result.measured().response(), MEASURED_RESPONSE), MAX_IN_MILLIS);
    w.outputIntervalHistogram(
        from, to, tagged(result.measured().service(), MEASURED_SERVICE), MAX_IN_MILLIS);
    ps.flush();
    return out.toByteArray();
  }

  /** A tag as the log format can hold it. */
  static String tag(String name) {
    String t = name.strip().replaceAll("[\\s,]+", "_");
    return t.isEmpty() ? "_" : t;
  }

  /** A tagged copy: the engine's histograms are read-only. */
  private static Histogram tagged(Histogram h, String tag) {
    Histogram copy = h.copy();
    copy.setTag(tag);
    return copy;
  }

  /**
   * What a log holds for the reports.
   *
   * @param startMillis the run start the log names, ms since the epoch (0 if none)
   * @param response the measured window's response times
   * @param service the measured window's service times
   * @param tags every tag found, untagged lines as {@code ""}
   */
  public record Contents(
      long startMillis, Histogram response, Histogram service, Set<String> tags) {}

  /**
   * Reads a log written by {@link #bytes}.
   *
   * @throws InvalidInputException naming the file when it is missing, malformed, or lacks the
   *     measured window
   */
  public static Contents read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      HistogramLogReader reader = new HistogramLogReader(in);
      Histogram response = null;
      Histogram service = null;
      Set<String> tags = new LinkedHashSet<>();
      EncodableHistogram e;
      while ((e = next(reader, file)) != null) {
        String tag = e.getTag() == null ? "" : e.getTag();
        tags.add(tag);
        if (!(e instanceof Histogram h)) {
          throw new InvalidInputException(file + ": holds double histograms, not harness latency");
        }
        if (tag.equals(MEASURED_RESPONSE)) {
          response = h;
        } else if (tag.equals(MEASURED_SERVICE)) {
          service = h;
        }
      }
      if (response == null || service == null) {
        throw new InvalidInputException(
            file
                + ": no "
                + MEASURED_RESPONSE
                + "/"
                + MEASURED_SERVICE
                + " histograms; not a latency log written by harness");
      }
      return new Contents(Math.round(reader.getStartTimeSec() * 1000), response, service, tags);
    } catch (NoSuchFileException ex) {
      throw new InvalidInputException("no such file: " + file);
    } catch (IOException ex) {
      throw new InvalidInputException("cannot read " + file + ": " + ex.getMessage());
    }
  }

  private static EncodableHistogram next(HistogramLogReader reader, Path file) {
    try {
      return reader.nextIntervalHistogram();
    } catch (RuntimeException ex) {
      // The reader throws on a line it cannot decode (bad base64, bad compression, bad numbers).
      throw new InvalidInputException(file + ": malformed histogram log line (" + ex + ")");
    }
  }
}
