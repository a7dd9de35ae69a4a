package dev.harness.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.result.RequestResult;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.time.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files of one run, as {@code --out DIR} writes them: {@code result.json}, {@code
 * latency.hlog}, {@code report.html}, {@code junit.xml}, {@code summary.md}. The renderings come
 * from the same {@link RunReport} that {@code harness report} later reads back from the first two,
 * so a re-rendering is identical.
 */
public final class ReportSet {
  /** Formats {@link #render} knows, as {@code harness report --format} names them. */
  public static final List<String> FORMATS = List.of("text", "html", "md", "junit");

  private final ObjectNode json;
  private final byte[] hlog;
  private final RunReport report;

  private ReportSet(ObjectNode json, byte[] hlog, RunReport report) {
    this.json = json;
    this.hlog = hlog;
    this.report = report;
  }

  /**
   * The files of a run that just ended; {@code recorder} holds the per-second latency series (null
   * for none).
   */
  public static ReportSet of(RunResult result, RunInfo info, LatencyLog.Recorder recorder) {
    ObjectNode json = ResultJson.toJson(result, info);
    byte[] hlog = LatencyLog.bytes(result, recorder);
    // The per-name series as harness report will read them back from latency.hlog; only the
    // per-name plot uses them, drawn for two names or more, so a one-name run skips decoding the
    // whole log again.
    Map<String, List<RunReport.NameSecond>> perName =
        recorder == null || result.requests().size() < 2
            ? Map.of()
            : LatencyLog.read(hlog)
                .byName(result.requests().stream().map(RequestResult::name).toList());
    RunReport report = ResultReader.parse(json, LatencyLog.summaries(result), perName);
    return new ReportSet(json, hlog, report);
  }

  /**
   * The files of a run that just ended whose {@code latency.hlog} was streamed to {@code hlog}
   * while it ran ({@link LatencyStream}, already finished): the log is not written again.
   */
  public static ReportSet ofStreamed(RunResult result, RunInfo info, Path hlog) {
    ObjectNode json = ResultJson.toJson(result, info);
    Map<String, List<RunReport.NameSecond>> perName =
        result.requests().size() < 2
            ? Map.of()
            : LatencyLog.read(hlog)
                .byName(result.requests().stream().map(RequestResult::name).toList());
    RunReport report = ResultReader.parse(json, LatencyLog.summaries(result), perName);
    return new ReportSet(json, null, report);
  }

  /**
   * The files of a result put together from other results' trees ({@code harness merge}): {@code
   * json} as result.json, {@code hlog} as its latency.hlog, and the renderings of both.
   */
  public static ReportSet of(ObjectNode json, byte[] hlog) {
    LatencyLog.Contents log = LatencyLog.read(hlog);
    List<String> names = new ArrayList<>();
    json.path("byName").forEach(n -> names.add(n.path("name").asText()));
    RunReport report = ResultReader.parse(json, log.summaries(), log.byName(names));
    return new ReportSet(json, hlog, report);
  }

  public RunReport report() {
    return report;
  }

  /** {@code result.json} as bytes. */
  public byte[] json() {
    return ResultJson.toBytes(json);
  }

  /**
   * Writes the five files into {@code dir}, each atomically; {@code comparison} (may be null) goes
   * into the renderings.
   *
   * @return the files written, in order
   */
  public List<Path> writeTo(Path dir, Comparison comparison) throws IOException {
    List<Path> written = new ArrayList<>();
    write(written, dir.resolve(ResultReader.RESULT_FILE), json());
    if (hlog != null) { // else streamed there while the run lasted
      write(written, dir.resolve(ResultReader.LATENCY_FILE), hlog);
    }
    write(written, dir.resolve("report.html"), bytes(HtmlReport.render(report, comparison)));
    write(written, dir.resolve("junit.xml"), bytes(JunitReport.render(report, comparison)));
    write(written, dir.resolve("summary.md"), bytes(Markdown.render(report, comparison)));
    return written;
  }

  /**
   * A report in one of {@link #FORMATS}, as {@code harness report} prints it.
   *
   * @param latency with {@code text}: add the wrk2-style percentile distribution
   * @throws InvalidInputException for an unknown format
   */
  public static String render(
      String format, RunReport report, Comparison comparison, boolean latency) {
    String text =
        switch (format.toLowerCase(Locale.ROOT)) {
          case "text" ->
              TextSummary.render(report, latency)
                  + (comparison == null ? "" : "\n" + ComparisonTable.text(comparison));
          case "html" -> HtmlReport.render(report, comparison);
          case "md", "markdown" -> Markdown.render(report, comparison);
          case "junit", "xml" -> JunitReport.render(report, comparison);
          default ->
              throw new InvalidInputException(
                  "unknown format '" + format + "' (known: " + String.join(", ", FORMATS) + ")");
        };
    return text;
  }

  private static void write(List<Path> written, Path file, byte[] content) throws IOException {
    ResultFiles.writeAtomically(file, content);
    written.add(file);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
