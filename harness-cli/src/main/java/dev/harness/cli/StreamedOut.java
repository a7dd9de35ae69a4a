package dev.harness.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.judge.Judge;
import dev.harness.engine.judge.Rules;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.run.Measured;
import dev.harness.engine.run.RunListener;
import dev.harness.engine.time.Durations;
import dev.harness.engine.time.InvalidInputException;
import dev.harness.report.LatencyStream;
import dev.harness.report.ReportSet;
import dev.harness.report.ResultFiles;
import dev.harness.report.ResultJson;
import dev.harness.report.ResultReader;
import dev.harness.report.RunInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * The {@code --out} set written while the run lasts, so a process that dies (SIGKILL, OOM, a lost
 * node) leaves what it measured: {@code latency.hlog} is appended and flushed every second ({@link
 * LatencyStream}), and {@code result.json} is rewritten atomically every checkpoint with verdict
 * {@code incomplete} and everything measured so far. At the end the final set replaces them.
 *
 * <p>A reused folder never mixes two runs: the previous set's files are removed when this one is
 * opened, before the new run writes anything, and every file names the run's id.
 *
 * <p>Thread contract: the listener calls come from the engine's sampler thread; {@link #finish} and
 * {@link #close} from the thread that ran the run, after it. Checkpoints are written on a thread of
 * their own, so a large result.json does not delay the next second's sample.
 */
final class StreamedOut implements RunListener, AutoCloseable {
  /** The files of one run's set, as {@link ReportSet#writeTo} writes them. */
  static final List<String> SET =
      List.of(
          ResultReader.RESULT_FILE,
          ResultReader.LATENCY_FILE,
          "report.html",
          "junit.xml",
          "summary.md");

  private final Path dir;
  private final RunInfo info;
  private final long everyNanos;
  private final PrintWriter err;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "harness-checkpoint");
            t.setDaemon(true);
            return t;
          });
  private volatile LatencyStream hlog;
  private volatile boolean finished;
  private long nextCheckpoint;
  private RunSpec spec;
  private Future<?> pending;
  private boolean warned;

  private StreamedOut(Path dir, RunInfo info, long everyNanos, PrintWriter err) {
    this.dir = dir;
    this.info = info;
    this.everyNanos = everyNanos;
    this.err = err;
  }

  /**
   * Removes the previous run's set from {@code dir} (after {@link #refuseEarlierRun}) and returns
   * the writer of the next one.
   *
   * @param info the run's information, with its id
   * @param everyNanos how often result.json is checkpointed
   * @param spec the run as asked for: checkpoints are judged against it (a fault drill measures
   *     through its proxy, but its result names the real target)
   * @throws IOException when an old file cannot be removed
   */
  static StreamedOut open(Path dir, RunInfo info, long everyNanos, RunSpec spec, PrintWriter err)
      throws IOException {
    clear(dir);
    StreamedOut s = new StreamedOut(dir, info, everyNanos, err);
    s.spec = spec;
    return s;
  }

  /**
   * Refuses (exit 2) a folder that holds a file of an earlier run's set, unless {@code force}: a
   * restarted process, or a second run given the same {@code --out}, must not replace what an
   * earlier run left without being told to. Temporary files an interrupted write left are no run.
   */
  static void refuseEarlierRun(Path dir, boolean force) {
    if (force || !Files.isDirectory(dir)) {
      return;
    }
    List<String> found = SET.stream().filter(f -> Files.exists(dir.resolve(f))).toList();
    if (found.isEmpty()) {
      return;
    }
    String id = runId(dir.resolve(ResultReader.RESULT_FILE));
    throw new InvalidInputException(
        "--out "
            + dir
            + " holds an earlier run's files ("
            + (id == null ? "" : "run " + id + ": ")
            + String.join(", ", found)
            + "); give --force to replace them, or another folder");
  }

  /** The run id in a result.json, read without loading a soak's large file whole; or null. */
  private static String runId(Path json) {
    try (JsonParser p = new JsonFactory().createParser(json.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("run") && value == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String inner = p.currentName();
            p.nextToken();
            if (inner.equals("id")) {
              return p.getValueAsString();
            }
            p.skipChildren();
          }
          return null;
        }
        p.skipChildren();
      }
    } catch (IOException | RuntimeException e) {
      // Not a result.json this harness can read: the files are named without an id.
    }
    return null;
  }

  /** Deletes the set's files and the temporary files an interrupted atomic write left. */
  static void clear(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    for (String name : SET) {
      Files.deleteIfExists(dir.resolve(name));
    }
    try (DirectoryStream<Path> tmp = Files.newDirectoryStream(dir, ".*.tmp")) {
      for (Path p : tmp) {
        String n = p.getFileName().toString();
        if (SET.stream().anyMatch(f -> n.startsWith("." + f + "."))) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Override
  public void onStart(long startNanos) {}

  @Override
  public void onStart(long startNanos, Instant startedAt) {
    nextCheckpoint = startNanos + everyNanos;
    try {
      LatencyStream s = LatencyStream.open(dir.resolve(ResultReader.LATENCY_FILE), info.id());
      s.start(startedAt);
      hlog = s;
    } catch (IOException e) {
      warn("cannot write " + dir.resolve(ResultReader.LATENCY_FILE) + ": " + e.getMessage());
    }
  }

  @Override
  public void onInterval(
      IntervalStats stats, Histogram response, Map<String, Histogram> responseByName) {
    LatencyStream s = hlog;
    if (s != null) {
      s.onInterval(stats, response, responseByName);
    }
  }

  @Override
  public void onCheckpoint(Supplier<Measured> partial) {
    long now = System.nanoTime();
    if (finished || now < nextCheckpoint) {
      return;
    }
    nextCheckpoint = now + everyNanos;
    if (pending != null && !pending.isDone()) {
      return; // the last one is still being written: skip rather than queue up
    }
    Measured m = partial.get();
    RunResult sofar = m.judged(spec, Judge.judge(Rules.plain(spec), m.measurements()));
    pending = writer.submit(() -> write(sofar));
  }

  private void write(RunResult sofar) {
    if (finished) {
      return;
    }
    ObjectNode json = ResultJson.toJson(sofar, info);
    List<IntervalStats> is = sofar.intervals();
    long at = is.isEmpty() ? 0 : is.get(is.size() - 1).endNanos();
    Instant now = Instant.now();
    json.put("verdict", ResultReader.INCOMPLETE);
    json.put(
        "reason",
        "not finished: last checkpoint "
            + Durations.format(Math.round(at / 1e9) * 1_000_000_000L)
            + " into the "
            + Durations.format(spec.durationNanos())
            + " run, written at "
            + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            + "; the run is still going, or its process was killed or crashed");
    ObjectNode cp = json.putObject("checkpoint");
    cp.put("atSeconds", Math.round(at / 1e6) / 1e3);
    cp.put("writtenAt", now.toString());
    try {
      ResultFiles.writeAtomically(dir.resolve(ResultReader.RESULT_FILE), ResultJson.toBytes(json));
    } catch (IOException e) {
      warn("cannot checkpoint " + dir.resolve(ResultReader.RESULT_FILE) + ": " + e.getMessage());
    }
  }

  /**
   * Ends checkpointing (waiting for one being written, so it cannot replace the final result),
   * finishes the latency log and returns the set to write the final files from.
   *
   * @throws IOException when the latency log could not be written
   */
  ReportSet finish(RunResult result) throws IOException, InterruptedException {
    stopCheckpoints();
    LatencyStream s = hlog;
    if (s == null) {
      s = LatencyStream.open(dir.resolve(ResultReader.LATENCY_FILE), info.id());
    }
    s.finish(result);
    return ReportSet.ofStreamed(result, info, dir.resolve(ResultReader.LATENCY_FILE));
  }

  private void stopCheckpoints() throws InterruptedException {
    finished = true;
    writer.shutdown();
    if (!writer.awaitTermination(60, TimeUnit.SECONDS)) {
      writer.shutdownNow();
    }
  }

  /** Stops writing; what was written stays (a run that ended without a result). */
  @Override
  public void close() {
    finished = true;
    writer.shutdownNow();
    LatencyStream s = hlog;
    if (s != null) {
      s.close();
    }
  }

  private synchronized void warn(String message) {
    if (!warned) {
      warned = true;
      err.println("harness: warning: " + message);
      err.flush();
    }
  }
}
