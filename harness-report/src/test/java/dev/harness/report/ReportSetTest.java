package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.time.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The five files of a run, and reading them back: identical renderings, clear errors. */
class ReportSetTest {
  @TempDir Path dir;

  private Path written() throws Exception {
    ReportSet.of(Results.realistic(), Results.info(), null).writeTo(dir, null);
    return dir;
  }

  @Test
  void writesTheFiveFilesAndNoTemporaryOne() throws Exception {
    written();
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of("junit.xml", "latency.hlog", "report.html", "result.json", "summary.md"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void reRenderingFromTheFilesGivesIdenticalReports() throws Exception {
    written();
    RunResult r = Results.realistic();
    RunReport live = ReportSet.of(r, Results.info(), null).report();
    RunReport back = ResultReader.read(dir);

    assertEquals(read("report.html"), ReportSet.render("html", back, null, false));
    assertEquals(read("summary.md"), ReportSet.render("md", back, null, false));
    assertEquals(read("junit.xml"), ReportSet.render("junit", back, null, false));
    assertEquals(
        TextSummary.render(live, true),
        ReportSet.render("text", back, null, true),
        "terminal summary with --latency, live vs from files");
    assertEquals(live.measured(), back.measured(), "measured window");
    assertEquals(live.phases(), back.phases(), "phases");
    assertEquals(live.byName(), back.byName(), "by name");
    assertEquals(live.seconds(), back.seconds(), "time series");
  }

  @Test
  void withoutTheLogFiguresComeFromTheJsonToTheMicrosecond() throws Exception {
    written();
    Files.delete(dir.resolve("latency.hlog"));
    RunReport back = ResultReader.read(dir.resolve("result.json"));
    Latency exact = Latency.of(Results.realistic().measured().response());

    Latency fromJson = back.measured().response();
    assertEquals(null, fromJson.histogram(), "no histogram without latency.hlog");
    assertEquals(exact.p99() / 1000, fromJson.p99() / 1000, 1, "p99 within 1us");
    assertTrue(
        ReportSet.render("text", back, null, true).contains("needs latency.hlog"),
        "the spectrum says what it needs");
  }

  @Test
  void workersOverTheCoresAreWarnedOfAndAnOldResultWithoutCoresStillReads() throws Exception {
    written();
    Path json = dir.resolve("result.json");
    ObjectNode root = (ObjectNode) new ObjectMapper().readTree(json.toFile());
    ObjectNode g = (ObjectNode) root.get("generator");
    g.put("workers", 12);
    g.put("cores", 2);
    Files.write(json, new ObjectMapper().writeValueAsBytes(root));
    assertTrue(
        ReportSet.render("text", ResultReader.read(dir), null, false)
            .contains(
                "WARNING: 12 workers on 2 cores: workers share cores, so the generator may fall"
                    + " behind; use -t 2 or fewer"),
        "the generator line warns");

    g.remove("cores"); // as results written before the cores were recorded
    Files.write(json, new ObjectMapper().writeValueAsBytes(root));
    RunReport old = ResultReader.read(dir);
    assertEquals(12, old.generator().workers());
    assertEquals(0, old.generator().cores(), "unknown");
    assertFalse(
        ReportSet.render("text", old, null, false).contains("workers on"), "no warning if unknown");
  }

  @Test
  void badInputIsOneLineThatNamesTheFile() throws Exception {
    assertBad(dir.resolve("nope.json"), "no such file: ");
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertBad(empty, "holds no result.json");
    Path notJson = Files.writeString(dir.resolve("a.json"), "{ \"schema\": ");
    assertBad(notJson, "is not valid JSON at line 1");
    Path foreign = Files.writeString(dir.resolve("b.json"), "{\"tool\":\"k6\",\"schema\":1}");
    assertBad(foreign, "is not a harness result");
    Path future = Files.writeString(dir.resolve("c.json"), "{\"tool\":\"harness\",\"schema\":9}");
    assertBad(future, "has result schema 9; this harness reads schema 1 (use a newer harness)");

    written();
    String json = read("result.json");
    Files.writeString(dir.resolve("result.json"), json.replace("\"intervals\"", "\"x\""));
    assertBad(dir, "missing field 'intervals'");
    Files.writeString(
        dir.resolve("result.json"), json.replace("\"requests\" : 3000", "\"requests\" : \"many\""));
    assertBad(dir, "field 'phases[1].requests' should be an integer, found \"many\"");
  }

  @Test
  void aLatencyLogFromAnotherRunIsRefused() throws Exception {
    written();
    Path other = dir.resolve("other");
    ReportSet.of(Results.result(), null, null).writeTo(other, null);
    Files.copy(
        other.resolve("latency.hlog"),
        dir.resolve("latency.hlog"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertBad(dir, "does not belong to");
  }

  @Test
  void unknownFormatIsNamed() {
    RunReport r = RunReport.of(Results.result(), null);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ReportSet.render("pdf", r, null, false));
    assertEquals("unknown format 'pdf' (known: text, html, md, junit)", e.getMessage());
  }

  private static void assertBad(Path path, String says) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ResultReader.read(path));
    assertTrue(e.getMessage().contains(says), "expected '" + says + "' in: " + e.getMessage());
    assertTrue(e.getMessage().contains(path.getFileName().toString()), "names the file: " + e);
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  private String read(String name) throws Exception {
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
  }
}
