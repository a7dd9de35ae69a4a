package dev.harness.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.run.RequestLog;
import dev.harness.engine.run.RunListener;
import dev.harness.engine.time.InvalidInputException;
import dev.harness.report.ResultFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * {@code run --requests FILE}: writes the {@link RequestLog} one line per request, as CSV or (for
 * {@code .jsonl} and {@code .ndjson}) JSON Lines, on a thread of its own so the workers never wait
 * for the disk. Times are milliseconds from the run's time zero (the {@code startedAt} of
 * result.json), with microsecond decimals.
 *
 * <p>Thread contract: {@link #onStart} comes from the thread that runs the run and starts the
 * writer thread; {@link #finish} is called once, after the run, from that same thread.
 */
final class RequestLogWriter implements RunListener {
  /** The CSV header, which is also the JSON field order. */
  static final List<String> COLUMNS =
      List.of(
          "intended_ms",
          "sent_ms",
          "response_ms",
          "service_ms",
          "status",
          "outcome",
          "ok",
          "name",
          "phase",
          "request_bytes",
          "connection");

  private static final long DRAIN_EVERY_NANOS = 20_000_000L;

  private final RequestLog log;
  private final Writer out;
  private final boolean json;
  private final List<String> names;
  private final String[] phases;
  private final JsonGenerator gen;
  private final StringBuilder line = new StringBuilder(160);
  private volatile long startNanos;
  private volatile boolean done;
  private Thread thread;
  private long written;
  private IOException failure;

  private RequestLogWriter(RequestLog log, Writer out, boolean json, RunSpec spec)
      throws IOException {
    this.log = log;
    this.out = out;
    this.json = json;
    this.names = spec.names();
    this.phases = spec.phases().stream().map(Phase::name).toArray(String[]::new);
    if (json) {
      gen = new JsonFactory().createGenerator(out);
      gen.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
      gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    } else {
      gen = null;
      out.write(String.join(",", COLUMNS) + "\n");
    }
  }

  /**
   * The writer {@code --requests} asks for, with its log, or null without the flag.
   *
   * @throws InvalidInputException for a bad sample share or a file that cannot be opened
   */
  static RequestLogWriter of(OutputOptions output, RunSpec spec, PrintWriter stdout) {
    if (output.requests == null) {
      if (output.requestsSample != null) {
        throw new InvalidInputException("--requests-sample needs --requests FILE");
      }
      return null;
    }
    double share = output.requestsSample == null ? 1 : sample(output.requestsSample);
    RequestLog log = new RequestLog(spec.workers(), RequestLog.DEFAULT_CAPACITY, share);
    return open(output.requests, log, spec, stdout);
  }

  /** {@code 0.1} or {@code 10%}: a share over 0 and at most 1. */
  static double sample(String text) {
    String t = text.strip();
    double v;
    try {
      v =
          t.endsWith("%")
              ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100
              : Double.parseDouble(t);
    } catch (NumberFormatException e) {
      v = Double.NaN;
    }
    if (!(v > 0 && v <= 1)) {
      throw new InvalidInputException(
          "--requests-sample must be a share over 0 and at most 1 (0.1 or 10%), got '"
              + text
              + "'");
    }
    return v;
  }

  /** The log the run adds to. */
  RequestLog log() {
    return log;
  }

  /**
   * The writer of {@code log} into {@code file} ({@code -}: {@code stdout}).
   *
   * @throws InvalidInputException when the file cannot be opened
   */
  static RequestLogWriter open(Path file, RequestLog log, RunSpec spec, PrintWriter stdout) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    boolean json = lower.endsWith(".jsonl") || lower.endsWith(".ndjson");
    try {
      Writer w;
      if (ResultPaths.isStdout(file)) {
        w = stdout;
      } else if (ResultFiles.isStream(file)) {
        // A FIFO, a device, /dev/stdout: appended, never truncated.
        w =
            new OutputStreamWriter(
                Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                StandardCharsets.UTF_8);
      } else {
        w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      }
      return new RequestLogWriter(log, w, json, spec);
    } catch (IOException e) {
      throw new InvalidInputException("cannot write --requests " + file + ": " + e.getMessage());
    }
  }

  @Override
  public void onInterval(
      IntervalStats stats, Histogram response, Map<String, Histogram> responseByName) {}

  @Override
  public void onStart(long startNanos, Instant startedAt) {
    this.startNanos = startNanos;
    thread = new Thread(this::loop, "harness-request-log");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (!done && failure == null) {
      drain();
      LockSupport.parkNanos(DRAIN_EVERY_NANOS);
    }
  }

  private void drain() {
    try {
      log.drain(this::write);
      out.flush();
    } catch (UncheckedIOException e) {
      failure = e.getCause();
    } catch (IOException e) {
      failure = e;
    }
  }

  /**
   * Finishes the log after the run and says on {@code err} how many lines it holds, and how many
   * were dropped because the writer fell behind.
   */
  void finish(PrintWriter err, Path file) throws InterruptedException {
    try {
      long lines = finish();
      String where = ResultPaths.isStdout(file) ? "standard output" : file.toString();
      err.println("harness: logged " + lines + " requests to " + where);
      long dropped = log.dropped();
      if (dropped > 0) {
        err.println(
            "harness: warning: "
                + dropped
                + " requests were not logged: the log writer fell behind the workers (lower"
                + " --requests-sample to keep up)");
      }
    } catch (IOException e) {
      err.println("harness: warning: cannot write --requests " + file + ": " + e.getMessage());
    }
    err.flush();
  }

  /**
   * Stops the writer thread, writes what is left and closes the file (not standard output).
   *
   * @return how many lines were written
   * @throws IOException when writing failed at any point
   */
  long finish() throws IOException, InterruptedException {
    done = true;
    if (thread != null) {
      thread.join();
    }
    if (failure == null) {
      drain();
    }
    if (gen != null) {
      gen.flush();
      out.write("\n");
    }
    if (out instanceof PrintWriter) {
      out.flush();
    } else {
      out.close();
    }
    if (failure != null) {
      throw failure;
    }
    return written;
  }

  private void write(RequestLog.Entry e) {
    try {
      if (json) {
        writeJson(e);
      } else {
        writeCsv(e);
      }
      written++;
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  private void writeCsv(RequestLog.Entry e) throws IOException {
    StringBuilder b = line;
    b.setLength(0);
    millis(b, e.intendedNanos() - startNanos).append(',');
    if (e.sentNanos() != 0) {
      millis(b, e.sentNanos() - startNanos);
    }
    b.append(',');
    millis(b, e.endNanos() - e.intendedNanos()).append(',');
    if (e.sentNanos() != 0) {
      millis(b, e.endNanos() - e.sentNanos());
    }
    b.append(',');
    if (e.status() != 0) {
      b.append(e.status());
    }
    b.append(',').append(e.outcome().label()).append(',').append(e.passed()).append(',');
    csv(b, names.get(e.name())).append(',');
    csv(b, phases[e.phase()]).append(',').append(e.bytes()).append(',');
    if (e.connection() != null) {
      b.append(e.connection());
    }
    b.append('\n');
    out.append(b);
  }

  private void writeJson(RequestLog.Entry e) throws IOException {
    gen.writeStartObject();
    gen.writeNumberField(COLUMNS.get(0), ms(e.intendedNanos() - startNanos));
    gen.writeFieldName(COLUMNS.get(1));
    if (e.sentNanos() != 0) {
      gen.writeNumber(ms(e.sentNanos() - startNanos));
    } else {
      gen.writeNull();
    }
    gen.writeNumberField(COLUMNS.get(2), ms(e.endNanos() - e.intendedNanos()));
    gen.writeFieldName(COLUMNS.get(3));
    if (e.sentNanos() != 0) {
      gen.writeNumber(ms(e.endNanos() - e.sentNanos()));
    } else {
      gen.writeNull();
    }
    gen.writeFieldName(COLUMNS.get(4));
    if (e.status() != 0) {
      gen.writeNumber(e.status());
    } else {
      gen.writeNull();
    }
    gen.writeStringField(COLUMNS.get(5), e.outcome().label());
    gen.writeBooleanField(COLUMNS.get(6), e.passed());
    gen.writeStringField(COLUMNS.get(7), names.get(e.name()));
    gen.writeStringField(COLUMNS.get(8), phases[e.phase()]);
    gen.writeNumberField(COLUMNS.get(9), e.bytes());
    gen.writeStringField(COLUMNS.get(10), e.connection());
    gen.writeEndObject();
  }

  /** Nanoseconds as milliseconds with three decimals, without a format string on every line. */
  private static StringBuilder millis(StringBuilder b, long nanos) {
    long us = Math.round(nanos / 1e3);
    if (us < 0) {
      b.append('-');
      us = -us;
    }
    long frac = us % 1000;
    b.append(us / 1000).append('.');
    if (frac < 100) {
      b.append('0');
    }
    if (frac < 10) {
      b.append('0');
    }
    return b.append(frac);
  }

  private static double ms(long nanos) {
    return Math.round(nanos / 1e3) / 1e3;
  }

  /** A CSV field, quoted (RFC 4180) when it holds a comma, quote or line break. */
  private static StringBuilder csv(StringBuilder b, String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return b.append(s);
    }
    return b.append('"').append(s.replace("\"", "\"\"")).append('"');
  }
}
