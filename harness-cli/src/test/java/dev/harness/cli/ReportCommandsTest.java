package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.target.Delay;
import dev.harness.engine.target.TargetConfig;
import dev.harness.engine.testkit.TargetExtension;
import dev.harness.engine.time.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --out}, {@code report} and {@code compare} end to end against the embedded target: the
 * five files, re-rendering them, percentiles against HdrHistogram's own reader, regressions.
 */
class ReportCommandsTest {
  @RegisterExtension static final TargetExtension fast = TargetExtension.withDefaults();

  @RegisterExtension
  static final TargetExtension slow =
      TargetExtension.with(TargetConfig.builder().delay(Delay.parse("30ms")));

  @TempDir static Path dir;
  private static Path fastRun;
  private static Cli fastCli;

  @BeforeAll
  static void start() {
    fastRun = dir.resolve("fast");
    fastCli = run(fast, fastRun, "--warmup", "1s", "--latency", "--assert", "p99 < 5s");
  }

  private static Cli run(TargetExtension server, Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run", server.url() + "/", "-R", "200", "-d", "2s", "-q", "--out", out.toString()));
    args.addAll(Arrays.asList(more));
    return Cli.run(args.toArray(String[]::new));
  }

  /**
   * On a machine too loaded to hold even 200/s the generator falls behind and the run is invalid
   * (exit 3): its files are still written, but no regression can be judged from it.
   */
  private static void assumeValid(Cli run) {
    assertTrue(run.exitCode() == 0 || run.exitCode() == 3, run.toString());
    Assumptions.assumeTrue(
        run.exitCode() == 0, "run invalid (machine too loaded to hold its schedule): " + run.out());
  }

  @Test
  void outWritesFiveFilesThatReportRendersAgainIdentically() throws Exception {
    assertTrue(fastCli.exitCode() == 0 || fastCli.exitCode() == 3, fastCli.toString());
    try (Stream<Path> files = Files.list(fastRun)) {
      assertEquals(
          List.of("junit.xml", "latency.hlog", "report.html", "result.json", "summary.md"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    for (String[] f :
        new String[][] {{"html", "report.html"}, {"md", "summary.md"}, {"junit", "junit.xml"}}) {
      Cli r = Cli.run("report", fastRun.toString(), "--format", f[0]);
      assertEquals(0, r.exitCode(), r.toString());
      assertEquals(Files.readString(fastRun.resolve(f[1])), r.out(), f[1] + " re-rendered");
    }
    Cli text = Cli.run("report", fastRun.resolve("result.json").toString(), "--latency");
    assertEquals(fastCli.out(), text.out(), "terminal summary re-rendered from result.json");
  }

  @Test
  void percentilesAgreeWithHdrHistogramsReaderOfTheLog() throws Exception {
    Histogram measured = null;
    try (var in = Files.newInputStream(fastRun.resolve("latency.hlog"))) {
      HistogramLogReader reader = new HistogramLogReader(in);
      EncodableHistogram h;
      while ((h = reader.nextIntervalHistogram()) != null) {
        if ("measured.response".equals(h.getTag())) {
          measured = (Histogram) h;
        }
      }
    }
    JsonNode json = new ObjectMapper().readTree(fastRun.resolve("result.json").toFile());
    assertTrue(measured != null && measured.getTotalCount() > 0, "answers: " + measured);
    assertEquals(
        json.get("latency").get("response").get("count").asLong(),
        measured.getTotalCount(),
        "count in the log and in result.json");
    List<String> cells = new ArrayList<>();
    for (double q : new double[] {50, 90, 99, 99.9, 99.99}) {
      cells.add(Durations.format(measured.getValueAtPercentile(q)));
    }
    cells.add(Durations.format(measured.getMaxValue()));
    String row = "response " + String.join(" ", cells);
    String terminal = fastCli.out().replaceAll(" +", " ");
    String md = Files.readString(fastRun.resolve("summary.md"));
    String html = Files.readString(fastRun.resolve("report.html"));
    assertTrue(terminal.contains(row), "terminal lacks '" + row + "':\n" + fastCli.out());
    assertTrue(md.contains("| response | " + String.join(" | ", cells)), "summary.md:\n" + md);
    assertTrue(
        html.contains("<th>response</th><td>" + String.join("</td><td>", cells) + "</td>"),
        "report.html percentile table");
    assertEquals(
        Math.round(measured.getValueAtPercentile(99) / 1e3) / 1e3,
        json.get("latency").get("response").get("p99").asDouble(),
        "result.json p99 in ms");
    assertTrue(json.get("run").get("command").asText().startsWith("harness run http://"));
    assertTrue(json.get("run").get("cores").asInt() > 0);
  }

  @Tag("timing")
  @Test
  void compareExits1BeyondABoundAnd0Within() {
    assumeValid(fastCli);
    Path slowRun = dir.resolve("slow");
    Cli s = run(slow, slowRun);
    assumeValid(s);

    Cli worse =
        Cli.run("compare", fastRun.toString(), slowRun.toString(), "--max-regression", "p99=+50%");
    assertEquals(1, worse.exitCode(), worse.toString());
    assertTrue(worse.out().contains("EXCEEDED"), worse.toString());
    assertTrue(worse.out().contains("comparison: regression: p99 +"), worse.toString());

    Cli same = Cli.run("compare", fastRun.toString(), fastRun.resolve("result.json").toString());
    assertEquals(0, same.exitCode(), same.toString());
    assertTrue(same.out().contains("comparison: within bounds (2 checked)"), same.toString());

    Cli better =
        Cli.run(
            "compare",
            slowRun.toString(),
            fastRun.toString(),
            "--max-regression",
            "p99=+50%",
            "--max-regression",
            "rps=-10%");
    assertEquals(0, better.exitCode(), better.toString());
  }

  @Tag("timing")
  @Test
  void runWithABaselineFailsOnARegressionEvenWhenItsCriteriaPass() throws Exception {
    assumeValid(fastCli);
    Path out = dir.resolve("against-baseline");
    Cli r =
        run(
            slow,
            out,
            "--assert",
            "p99 < 5s",
            "--baseline",
            fastRun.toString(),
            "--max-regression",
            "p99=+50%");
    Assumptions.assumeFalse(r.exitCode() == 3, "run invalid (machine too loaded)");
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.out().contains("verdict: PASS"), r.toString());
    assertTrue(r.out().contains("comparison: regression: p99"), r.toString());
    assertTrue(
        Files.readString(out.resolve("junit.xml")).contains("p99 within +50% of the baseline"));
    Cli again =
        Cli.run(
            "report",
            out.toString(),
            "--format",
            "md",
            "--baseline",
            fastRun.toString(),
            "--max-regression",
            "p99=+50%");
    assertEquals(Files.readString(out.resolve("summary.md")), again.out(), "re-rendered with it");
  }

  /** A peak at twice the baseline's rate compares: the table shows both loads, bounds judge. */
  @Tag("timing")
  @Test
  void aPeakAtTwiceTheRateComparesWithItsBaseline() {
    assumeValid(fastCli);
    Path peak = dir.resolve("peak");
    Cli p =
        Cli.run(
            "run",
            fast.url() + "/",
            "-R",
            "400",
            "-d",
            "2s",
            "-q",
            "--out",
            peak.toString(),
            "--baseline",
            fastRun.toString(),
            "--max-regression",
            "rps=-10%");
    assumeValid(p);
    String note = "note: the loads differ (200.0/s vs 400.0/s, +100%): changes include the load";
    assertTrue(p.out().contains(note), p.toString());

    Cli within =
        Cli.run("compare", fastRun.toString(), peak.toString(), "--max-regression", "rps=-10%");
    assertEquals(0, within.exitCode(), within.toString());
    assertTrue(within.out().contains(note), within.toString());
    assertTrue(within.out().matches("(?s).*\\noffered +[0-9.]+/s +[0-9.]+/s +\\+.*"), within.out());

    Cli beyond =
        Cli.run("compare", fastRun.toString(), peak.toString(), "--max-regression", "offered=+50%");
    assertEquals(1, beyond.exitCode(), beyond.toString());
    assertTrue(beyond.out().contains("comparison: regression: offered +"), beyond.toString());
  }

  @Test
  void brokenOrMismatchedInputIsOneLineAndExit2() throws Exception {
    Path missing = dir.resolve("missing.json");
    assertOneLine(Cli.run("compare", missing.toString(), fastRun.toString()), "no such file: ");
    Path notJson = Files.writeString(dir.resolve("notes.txt"), "hello");
    assertOneLine(Cli.run("report", notJson.toString()), "is not valid JSON");
    assertOneLine(
        Cli.run("compare", fastRun.toString(), fastRun.toString(), "--max-regression", "p99>5"),
        "expected METRIC=+N% or METRIC=-N%");
    assertOneLine(Cli.run("report", fastRun.toString(), "--format", "pdf"), "unknown format 'pdf'");
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Files.writeString(
        elsewhere.resolve("result.json"),
        Files.readString(fastRun.resolve("result.json"))
            .replace("\"target\" : \"" + fast.url(), "\"target\" : \"http://127.0.0.1:1"));
    assertOneLine(
        Cli.run("compare", fastRun.toString(), elsewhere.toString(), "--strict"),
        "runs not comparable (--strict): the baseline ran against " + fast.url());
    Cli noted = Cli.run("compare", fastRun.toString(), elsewhere.toString());
    assertEquals(0, noted.exitCode(), noted.toString());
    assertTrue(noted.out().contains("note: targets differ: "), noted.toString());
    assertOneLine(
        Cli.run(
            "run",
            slow.url() + "/",
            "-R",
            "200",
            "-d",
            "1s",
            "--baseline",
            fastRun.toString(),
            "--strict"),
        "runs not comparable (--strict)");
    assertOneLine(
        Cli.run("run", fast.url() + "/", "-R", "200", "--max-regression", "p99=+5%"),
        "--max-regression needs --baseline");
  }

  private static void assertOneLine(Cli r, String says) {
    assertEquals(2, r.exitCode(), "exit code; " + r);
    String err = r.err().strip();
    assertFalse(err.contains("\n"), "one line on stderr; " + r);
    assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace; " + r);
    assertTrue(err.startsWith("harness: "), "prefixed; " + r);
    assertTrue(err.contains(says), "should say '" + says + "'; " + r);
  }
}
