package dev.harness.report;

import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.PhaseResult;
import dev.harness.engine.result.RequestResult;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.time.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
 *       warm-up included, at two significant digits (values within 1 %).
 *   <li>{@code Tag=NAME}: the same series for one request name, in a run of two names or more
 *       (white space and commas in a name become {@code _}, since the log format splits on them).
 *   <li>{@code Tag=measured.response} and {@code Tag=measured.service}: one line each spanning the
 *       measured window, holding exactly the histograms the summary, the criteria and every report
 *       take their percentiles from. Likewise {@code Tag=phase.PHASE.response} (and {@code
 *       .service}) for each phase, and {@code Tag=name.NAME.response} (and {@code .service}) for
 *       each request name over the measured window.
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

  /** The comment line (after {@code #}) that names the run a log belongs to. */
  static final String RUN_ID_COMMENT = "harness run id ";

  private static final String RESPONSE = ".response";
  private static final String SERVICE = ".service";

  /** Names a log read from memory in an error message. */
  private static final String LATENCY_BYTES = "latency log";

  /**
   * Significant digits of the per-second lines: values within 1 %, a third of the bytes of three
   * digits. The whole-window lines, which every reported figure comes from, keep three.
   */
  static final int SECOND_DIGITS = 2;

  /** Values are nanoseconds; the max column of each line is shown in milliseconds. */
  private static final double MAX_IN_MILLIS = 1e6;

  private LatencyLog() {}

  /**
   * Collects the per-second series while a run lasts. {@link #onInterval} has the shape of the
   * engine's {@code RunListener.onInterval}: pass {@code recorder::onInterval} as a listener (the
   * report module does not depend on the engine's run package). Called on the engine's sampler
   * thread; the histograms are encoded during the call, as the listener contract requires.
   */
  public static final class Recorder {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final Lines lines = new Lines(new PrintStream(body, false, StandardCharsets.UTF_8));

    /** Writes one interval: all requests untagged, then one tagged line per request name. */
    public synchronized void onInterval(
        IntervalStats stats, Histogram response, Map<String, Histogram> responseByName) {
      lines.interval(stats, response, responseByName);
    }

    synchronized byte[] lines() {
      return body.toByteArray();
    }
  }

  /**
   * Writes the per-second lines of a log; the caller owns the stream and its thread-safety. The
   * lines keep {@link #SECOND_DIGITS} significant digits, and a run of one request name gets no
   * tagged line (it would repeat the untagged one): a day of seconds at 10,000/s is then about 65
   * MB instead of over 400 MB.
   */
  static final class Lines {
    private final HistogramLogWriter writer;
    private final Histogram all = new Histogram(SECOND_DIGITS);
    // Tagged copies, one per name, reused each second: the engine's histograms are not ours to tag.
    private final Map<String, Histogram> tagged = new HashMap<>();

    Lines(PrintStream out) {
      this.writer = new HistogramLogWriter(out);
    }

    /** One interval: all requests untagged, then one tagged line per request name (two or more). */
    void interval(IntervalStats stats, Histogram response, Map<String, Histogram> responseByName) {
      double from = stats.startNanos() / 1e9;
      double to = stats.endNanos() / 1e9;
      all.reset();
      all.add(response);
      writer.outputIntervalHistogram(from, to, all, MAX_IN_MILLIS);
      if (responseByName.size() < 2) {
        return;
      }
      for (Map.Entry<String, Histogram> e : responseByName.entrySet()) {
        Histogram copy = tagged.computeIfAbsent(e.getKey(), name -> new Histogram(SECOND_DIGITS));
        copy.reset();
        copy.add(e.getValue());
        copy.setTag(tag(e.getKey())); // after reset, which clears the tag
        writer.outputIntervalHistogram(from, to, copy, MAX_IN_MILLIS);
      }
    }
  }

  /**
   * The complete log of a run: header, the series {@code recorder} collected (none if null), and
   * the summary histograms of {@link #summaries}.
   */
  public static byte[] bytes(RunResult result, Recorder recorder) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(out, false, StandardCharsets.UTF_8);
    long startMillis = result.startedAt() == null ? 0 : result.startedAt().toEpochMilli();
    header(ps, startMillis, null);
    if (recorder != null) {
      out.writeBytes(recorder.lines());
    }
    summaryLines(ps, result);
    ps.flush();
    return out.toByteArray();
  }

  /** The header of a log whose run started at {@code startMillis}; {@code runId} may be null. */
  static void header(PrintStream ps, long startMillis, String runId) {
    HistogramLogWriter w = new HistogramLogWriter(ps);
    w.outputComment(
        "harness latency log, values in ns: untagged = response time of all requests per second;"
            + " Tag=NAME = one request name per second (two names or more); per-second lines"
            + " at 2 significant digits; Tag=measured.*, phase.PHASE.*,"
            + " name.NAME.* = the response and service time of a whole window");
    if (runId != null) {
      w.outputComment(RUN_ID_COMMENT + runId);
    }
    w.outputLogFormatVersion();
    w.outputStartTime(startMillis);
    w.setBaseTime(startMillis);
    w.outputBaseTime(startMillis);
    w.outputLegend();
    ps.flush();
  }

  /** The whole-window lines that end a complete log: phases, measured window, request names. */
  static void summaryLines(PrintStream ps, RunResult result) {
    HistogramLogWriter w = new HistogramLogWriter(ps);
    double measuredFrom = -1;
    double at = 0;
    for (PhaseResult p : result.phases()) {
      double to = at + p.stats().durationNanos() / 1e9;
      if (!p.warmup() && measuredFrom < 0) {
        measuredFrom = at;
      }
      String tag = "phase." + tag(p.name());
      w.outputIntervalHistogram(
          at, to, tagged(p.stats().response(), tag + RESPONSE), MAX_IN_MILLIS);
      w.outputIntervalHistogram(at, to, tagged(p.stats().service(), tag + SERVICE), MAX_IN_MILLIS);
      at = to;
    }
    double from = Math.max(0, measuredFrom);
    double to = from + result.measured().durationNanos() / 1e9;
    w.outputIntervalHistogram(
        from, to, tagged(result.measured().response(), MEASURED_RESPONSE), MAX_IN_MILLIS);
    w.outputIntervalHistogram(
        from, to, tagged(result.measured().service(), MEASURED_SERVICE), MAX_IN_MILLIS);
    for (RequestResult q : result.requests()) {
      String tag = "name." + tag(q.name());
      w.outputIntervalHistogram(
          from, to, tagged(q.stats().response(), tag + RESPONSE), MAX_IN_MILLIS);
      w.outputIntervalHistogram(
          from, to, tagged(q.stats().service(), tag + SERVICE), MAX_IN_MILLIS);
    }
    ps.flush();
  }

  /**
   * The whole-window histograms of a run by the tag they carry in the log: {@code
   * measured.response}, {@code phase.PHASE.service}, {@code name.NAME.response}, ... The run's own
   * histograms, not copies: read-only.
   */
  public static Map<String, Histogram> summaries(RunResult result) {
    Map<String, Histogram> m = new LinkedHashMap<>();
    m.put(MEASURED_RESPONSE, result.measured().response());
    m.put(MEASURED_SERVICE, result.measured().service());
    for (PhaseResult p : result.phases()) {
      m.put(phaseTag(p.name(), true), p.stats().response());
      m.put(phaseTag(p.name(), false), p.stats().service());
    }
    for (RequestResult q : result.requests()) {
      m.put(nameTag(q.name(), true), q.stats().response());
      m.put(nameTag(q.name(), false), q.stats().service());
    }
    return m;
  }

  /** The tag of a phase's whole-window histogram. */
  static String phaseTag(String phase, boolean response) {
    return "phase." + tag(phase) + (response ? RESPONSE : SERVICE);
  }

  /** The tag of a request name's whole-window histogram. */
  static String nameTag(String name, boolean response) {
    return "name." + tag(name) + (response ? RESPONSE : SERVICE);
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
   * @param summaries the whole-window histograms by tag, as {@link #summaries} names them
   * @param tags every tag found, untagged lines as {@code ""}
   * @param perName each request name's per-second response times by the name's tag ({@link #tag}),
   *     in the order of the log; all requests' under {@code ""}
   */
  public record Contents(
      long startMillis,
      Map<String, Histogram> summaries,
      Set<String> tags,
      Map<String, List<RunReport.NameSecond>> perName) {
    public Histogram response() {
      return summaries.get(MEASURED_RESPONSE);
    }

    public Histogram service() {
      return summaries.get(MEASURED_SERVICE);
    }

    /** The per-second series of the given request names, under their names, in that order. */
    public Map<String, List<RunReport.NameSecond>> byName(List<String> names) {
      Map<String, List<RunReport.NameSecond>> out = new LinkedHashMap<>();
      for (String name : names) {
        List<RunReport.NameSecond> series = perName.get(tag(name));
        if (series == null && names.size() == 1) {
          series = perName.get("");
        }
        if (series != null) {
          out.put(name, series);
        }
      }
      return out;
    }
  }

  /**
   * Reads a log written by {@link #bytes}.
   *
   * @throws InvalidInputException naming the file when it is missing, malformed, or lacks the
   *     measured window
   */
  public static Contents read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (NoSuchFileException ex) {
      throw new InvalidInputException("no such file: " + file);
    } catch (IOException ex) {
      throw new InvalidInputException("cannot read " + file + ": " + ex.getMessage());
    }
  }

  /** Reads the bytes of {@link #bytes}: the reports of a run that just ended read the log so. */
  static Contents read(byte[] log) {
    return read(new ByteArrayInputStream(log), LATENCY_BYTES);
  }

  /**
   * Reads the log of a run that has not finished (or never will: killed, crashed): the per-second
   * lines written so far, without the whole-window lines that end a complete log. A last line cut
   * off by the crash ends the reading instead of failing it.
   *
   * @throws InvalidInputException naming the file when it is missing or unreadable
   */
  public static Contents readPartial(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString(), true);
    } catch (NoSuchFileException ex) {
      throw new InvalidInputException("no such file: " + file);
    } catch (IOException ex) {
      throw new InvalidInputException("cannot read " + file + ": " + ex.getMessage());
    }
  }

  private static Contents read(InputStream in, String source) {
    return read(in, source, false);
  }

  private static Contents read(InputStream in, String source, boolean partial) {
    HistogramLogReader reader = new HistogramLogReader(in);
    Map<String, Histogram> summaries = new LinkedHashMap<>();
    Set<String> tags = new LinkedHashSet<>();
    Map<String, List<RunReport.NameSecond>> perName = new LinkedHashMap<>();
    EncodableHistogram e;
    while ((e = partial ? nextOrNull(reader) : next(reader, source)) != null) {
      String tag = e.getTag() == null ? "" : e.getTag();
      tags.add(tag);
      if (!(e instanceof Histogram h)) {
        throw new InvalidInputException(source + ": holds double histograms, not harness latency");
      }
      if (tag.endsWith(RESPONSE) || tag.endsWith(SERVICE)) {
        summaries.put(tag, h);
      } else {
        // Only a few numbers of each second are kept: a long run has thousands of them. The
        // untagged series (under "") is a one-name run's per-name series: its tagged line would
        // repeat it, so it is not written.
        double t = h.getStartTimeStamp() / 1e3 - reader.getStartTimeSec();
        double len = (h.getEndTimeStamp() - h.getStartTimeStamp()) / 1e3;
        perName
            .computeIfAbsent(tag, k -> new ArrayList<>())
            .add(RunReport.NameSecond.of(t, len, h));
      }
    }
    if (!partial
        && (!summaries.containsKey(MEASURED_RESPONSE)
            || !summaries.containsKey(MEASURED_SERVICE))) {
      throw new InvalidInputException(
          source
              + ": no "
              + MEASURED_RESPONSE
              + "/"
              + MEASURED_SERVICE
              + " histograms; not a latency log written by harness");
    }
    perName.replaceAll((tag, series) -> perMinute(series));
    return new Contents(Math.round(reader.getStartTimeSec() * 1000), summaries, tags, perName);
  }

  /**
   * A series longer than an hour as one entry a minute (the minute's answers; the worst second's
   * p50 and p99, the highest max), as result.json keeps a long run's series: a day's plot of 1,440
   * points, not 86,400. Shorter series are returned as they are.
   */
  static List<RunReport.NameSecond> perMinute(List<RunReport.NameSecond> series) {
    if (series.size() <= 3600) {
      return series;
    }
    List<RunReport.NameSecond> minutes = new ArrayList<>();
    int k = 0;
    while (k < series.size()) {
      RunReport.NameSecond first = series.get(k);
      long minute = (long) Math.floor(Math.round(first.t()) / 60.0);
      double seconds = 0;
      long count = 0;
      Double p50 = null;
      Double p99 = null;
      Double max = null;
      while (k < series.size()
          && (long) Math.floor(Math.round(series.get(k).t()) / 60.0) == minute) {
        RunReport.NameSecond s = series.get(k++);
        seconds += s.seconds();
        count += s.count();
        p50 = worst(p50, s.p50());
        p99 = worst(p99, s.p99());
        max = worst(max, s.max());
      }
      minutes.add(new RunReport.NameSecond(first.t(), seconds, count, p50, p99, max));
    }
    return minutes;
  }

  private static Double worst(Double a, Double b) {
    return a == null ? b : b == null ? a : Double.valueOf(Math.max(a, b));
  }

  /**
   * The run id a log names in its header ({@link #RUN_ID_COMMENT}), or null when it names none (a
   * log written before run ids) or cannot be read.
   */
  public static String runId(Path file) {
    try (java.io.BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null && line.startsWith("#")) {
        if (line.startsWith("#" + RUN_ID_COMMENT)) {
          return line.substring(1 + RUN_ID_COMMENT.length()).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // unreadable here: read() reports it with the file's name
    }
    return null;
  }

  /** The next histogram, or null at the end or at a line the crash of the writer cut off. */
  private static EncodableHistogram nextOrNull(HistogramLogReader reader) {
    try {
      return reader.nextIntervalHistogram();
    } catch (RuntimeException ex) {
      return null;
    }
  }

  private static EncodableHistogram next(HistogramLogReader reader, String source) {
    try {
      return reader.nextIntervalHistogram();
    } catch (RuntimeException ex) {
      // The reader throws on a line it cannot decode (bad base64, bad compression, bad numbers).
      throw new InvalidInputException(source + ": malformed histogram log line (" + ex + ")");
    }
  }
}
