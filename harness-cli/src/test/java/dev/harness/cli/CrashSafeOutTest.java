package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.testkit.Await;
import dev.harness.engine.testkit.TargetExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --out} writes its set while the run lasts: a process killed with SIGKILL leaves a
 * parsable result.json marked {@code incomplete} with what was measured, and the per-second lines
 * of latency.hlog; {@code harness report} renders them. A reused folder never mixes two runs.
 */
class CrashSafeOutTest {
  @RegisterExtension final TargetExtension target = TargetExtension.withDefaults();

  /**
   * A 20 s run at 2,000/s killed 12 s into its load (the issue's 40 s run killed at 25 s, halved):
   * the checkpoint at 10 s holds at least 10,000 requests, the log at least 10 seconds.
   */
  @Test
  @Tag("timing")
  void sigkillMidRunLeavesAnIncompleteResultThatReportRenders(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    List<String> cmd =
        ChildHarness.command(
            "run", target.url() + "/", "-R", "2000", "-d", "20s", "-q", "--out", out.toString());
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(dir.resolve("err.txt").toFile())
            .start();
    try {
      // The load's own clock, not the child's start: its JVM may take seconds to warm up.
      Await.until("the child sent its first requests", () -> target.server().requestsServed() > 0);
      long loadStart = System.nanoTime();
      Await.until(
          "12 s of load",
          () -> System.nanoTime() - loadStart >= TimeUnit.SECONDS.toNanos(12),
          TimeUnit.SECONDS.toMillis(30));
    } finally {
      p.destroyForcibly(); // SIGKILL, this child only
      p.waitFor(30, TimeUnit.SECONDS);
    }
    assertEquals(137, p.exitValue(), "killed by SIGKILL");

    JsonNode j = new ObjectMapper().readTree(out.resolve("result.json").toFile());
    assertEquals("incomplete", j.get("verdict").asText(), j.toPrettyString());
    assertTrue(
        j.get("requests").asLong() >= 10_000,
        "the checkpoint at 10 s holds its requests: " + j.get("requests"));
    assertTrue(j.get("reason").asText().contains("not finished"), j.get("reason").asText());
    String runId = j.get("run").get("id").asText();
    assertFalse(runId.isBlank());

    List<String> log = Files.readAllLines(out.resolve("latency.hlog"));
    long seconds = log.stream().filter(l -> l.matches("^[0-9.]+,[0-9.]+,.*")).count();
    assertTrue(seconds >= 10, "per-second lines in latency.hlog: " + seconds);
    assertTrue(log.contains("#harness run id " + runId), "the log names the run");

    Cli report = Cli.run("report", out.toString());
    assertEquals(0, report.exitCode(), report.toString());
    assertTrue(report.out().contains("verdict: INCOMPLETE - not finished"), report.out());
    assertTrue(
        report.err().contains("harness: incomplete run " + runId + ": nothing written since "),
        report.err());
    assertTrue(report.err().contains("latency.hlog reaches "), report.err());
    Cli html = Cli.run("report", out.toString(), "--format", "html");
    assertEquals(0, html.exitCode(), html.toString());
  }

  @Test
  void anEarlierRunsFolderIsRefusedWithoutForceAndNamesTheRun(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Cli first =
        Cli.run("run", target.url() + "/", "-R", "100", "-d", "1s", "-q", "--out", out.toString());
    assertEquals(0, first.exitCode(), first.toString());
    String id =
        new ObjectMapper()
            .readTree(out.resolve("result.json").toFile())
            .get("run")
            .get("id")
            .asText();
    Cli again =
        Cli.run("run", target.url() + "/", "-R", "100", "-d", "1s", "-q", "--out", out.toString());
    assertEquals(2, again.exitCode(), again.toString());
    assertTrue(again.err().contains("holds an earlier run's files (run " + id + ": "), again.err());
    Cli forced =
        Cli.run(
            "run",
            target.url() + "/",
            "-R",
            "100",
            "-d",
            "1s",
            "-q",
            "--out",
            out.toString(),
            "--force");
    assertEquals(0, forced.exitCode(), forced.toString());
    assertFalse(
        id.equals(
            new ObjectMapper()
                .readTree(out.resolve("result.json").toFile())
                .get("run")
                .get("id")
                .asText()),
        "the new run replaced the old one");
  }

  @Test
  void aReusedFolderLosesTheOldRunsFilesBeforeTheNewRunWrites(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    // A previous run's set, and a temporary file a crash left.
    for (String f : StreamedOut.SET) {
      Files.writeString(out.resolve(f), "old run");
    }
    Files.writeString(out.resolve(".result.json.1234.tmp"), "{");
    Files.writeString(out.resolve("notes.txt"), "mine");
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    // Without --force, the earlier run's folder is refused and left as it was.
    Cli refused =
        Cli.run("run", target.url() + "/", "-R", "100", "-d", "1s", "-q", "--out", out.toString());
    assertEquals(2, refused.exitCode(), refused.toString());
    assertEquals(1, refused.err().strip().lines().count(), refused.toString());
    assertTrue(
        refused.err().contains("holds an earlier run's files (result.json, latency.hlog,"),
        refused.toString());
    assertTrue(refused.err().contains("give --force"), refused.toString());
    for (String f : StreamedOut.SET) {
      assertEquals("old run", Files.readString(out.resolve(f)), f + " left as it was");
    }
    // A run whose target never answers leaves its own set (issue 19), never the old one.
    Cli run =
        Cli.run(
            "run",
            "http://127.0.0.1:" + port + "/",
            "-R",
            "100",
            "-d",
            "1s",
            "-q",
            "--out",
            out.toString(),
            "--force");
    assertEquals(3, run.exitCode(), run.toString());
    for (String f : StreamedOut.SET) {
      assertFalse(
          Files.exists(out.resolve(f)) && Files.readString(out.resolve(f)).equals("old run"),
          f + " of the old run is gone");
    }
    assertTrue(
        Files.readString(out.resolve("result.json")).contains("target unreachable"),
        "the new run's result says why it measured nothing");
    assertFalse(Files.exists(out.resolve(".result.json.1234.tmp")));
    assertTrue(Files.exists(out.resolve("notes.txt")), "files not of the set stay");

    Cli bad =
        Cli.run(
            "run",
            target.url() + "/",
            "-R",
            "100",
            "-d",
            "1s",
            "--out",
            out.toString(),
            "--checkpoint",
            "0s");
    assertEquals(2, bad.exitCode(), bad.toString());
    assertTrue(bad.err().contains("--checkpoint must be longer than 0"), bad.err());
  }
}
