package dev.harness.report;

import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.RunResult;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code latency.hlog} written while the run lasts: the header when time zero is fixed, each
 * second's lines appended and flushed to the file as the second is sampled, and the whole-window
 * lines of {@link LatencyLog} appended at the end. A process that dies mid-run leaves every second
 * up to the last one flushed (at most a last line cut short, which {@link LatencyLog#readPartial}
 * skips); nothing is held in memory.
 *
 * <pre>{@code
 * LatencyStream hlog = LatencyStream.open(dir.resolve("latency.hlog"), runId);
 * // listener: onStart -> hlog.start(startedAt), onInterval -> hlog.onInterval(...)
 * hlog.finish(result); // or close() when the run failed
 * }</pre>
 *
 * <p>Thread contract: {@link #start} and {@link #onInterval} come from the engine's sampler thread,
 * {@link #finish} and {@link #close} from the thread that ran the run; all are synchronized.
 */
public final class LatencyStream implements Closeable {
  private final FileOutputStream file;
  private final PrintStream out;
  private final LatencyLog.Lines lines;
  private final String runId;
  private boolean started;
  private boolean closed;
  private IOException failure;

  private LatencyStream(FileOutputStream file, String runId) {
    this.file = file;
    // Buffered so a second's lines reach the file in one write when flushed.
    this.out =
        new PrintStream(new BufferedOutputStream(file, 1 << 16), false, StandardCharsets.UTF_8);
    this.lines = new LatencyLog.Lines(out);
    this.runId = runId;
  }

  /**
   * Creates (or truncates) {@code path} for the log of the run {@code runId}.
   *
   * @throws IOException when the file cannot be created
   */
  public static LatencyStream open(Path path, String runId) throws IOException {
    return new LatencyStream(new FileOutputStream(path.toFile(), false), runId);
  }

  /** Writes the header, naming the run's time zero as the result will. */
  public synchronized void start(Instant startedAt) {
    if (started || closed) {
      return;
    }
    started = true;
    LatencyLog.header(out, startedAt.toEpochMilli(), runId);
    flush();
  }

  /** Appends one second (the shape of the engine's {@code RunListener.onInterval}) and flushes. */
  public synchronized void onInterval(
      IntervalStats stats, Histogram response, Map<String, Histogram> responseByName) {
    if (!started || closed) {
      return;
    }
    lines.interval(stats, response, responseByName);
    flush();
  }

  /**
   * Appends the whole-window lines of the finished {@code result}, forces the file to disk and
   * closes it.
   *
   * @throws IOException when a write failed during the run or now
   */
  public synchronized void finish(RunResult result) throws IOException {
    if (closed) {
      throw new IOException("latency log already closed");
    }
    if (!started) {
      LatencyLog.header(
          out, result.startedAt() == null ? 0 : result.startedAt().toEpochMilli(), runId);
      started = true;
    }
    LatencyLog.summaryLines(out, result);
    flush();
    if (failure == null) {
      file.getChannel().force(true);
    }
    close();
    if (failure != null) {
      throw failure;
    }
  }

  /** Closes the file as it is (a run that failed before a result). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    out.close();
  }

  private void flush() {
    out.flush();
    if (out.checkError() && failure == null) {
      failure = new IOException("cannot write latency.hlog (disk full or removed?)");
    }
  }
}
