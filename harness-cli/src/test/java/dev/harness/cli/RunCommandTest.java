package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.testkit.TargetExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** `harness run` end to end against the embedded target: verdicts, exit codes, result files. */
class RunCommandTest {
  @RegisterExtension static final TargetExtension server = TargetExtension.withDefaults();

  @Test
  void passingCriteriaExit0AndWriteTheResult(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("r.json");
    Cli r =
        Cli.run(
            "run",
            server.url() + "/",
            "-R",
            "500",
            "-d",
            "2s",
            "-c",
            "8",
            "-q",
            "--assert",
            "errors < 1%",
            "--assert",
            "p99 < 2s",
            "--json",
            json.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("PASS  errors < 1%"), "criterion printed with its verdict: " + r);
    assertTrue(r.out().contains("verdict: PASS"), r.toString());
    JsonNode j = new ObjectMapper().readTree(json.toFile());
    assertEquals("pass", j.get("verdict").asText());
    assertEquals(1000, j.get("requests").asLong(), "500/s for 2 s");
    assertEquals(0, j.get("errors").asLong());
    assertTrue(
        j.get("latency").get("response").get("p99").isNumber(), "p99 in ms: " + j.get("latency"));
    assertEquals(2, j.get("criteria").size());
    assertTrue(j.get("criteria").get(0).get("passed").asBoolean());
  }

  @Test
  void failingCriterionExits1(@TempDir Path dir) throws Exception {
    Cli r =
        Cli.run(
            "run",
            server.url() + "/",
            "-R",
            "200",
            "-d",
            "1s",
            "-q",
            "--assert",
            "rps >= 100000",
            "--out",
            dir.toString());
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.out().contains("FAIL  rps >= 100000"), r.toString());
    JsonNode j = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
    assertEquals("fail", j.get("verdict").asText());
    assertTrue(!j.get("criteria").get(0).get("passed").asBoolean());
  }

  @Test
  void moreWorkersThanCoresWarnsOnceAndTheResultRecordsTheCores(@TempDir Path dir)
      throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    String n = String.valueOf(cores + 1);
    Cli r =
        Cli.run(
            "run",
            server.url() + "/",
            "-R",
            "200",
            "-d",
            "1s",
            "-t",
            n,
            "-c",
            n,
            "-q",
            "--out",
            dir.toString());
    assertEquals(0, r.exitCode(), r.toString());
    String warning =
        "harness: warning: "
            + n
            + " workers on "
            + cores
            + " cores: workers share cores, so the generator may fall behind; use -t "
            + cores
            + " or fewer";
    assertEquals(1, r.err().lines().filter(warning::equals).count(), "one warning: " + r);
    assertTrue(r.err().startsWith(warning), "before the run: " + r);
    JsonNode g = new ObjectMapper().readTree(dir.resolve("result.json").toFile()).get("generator");
    assertEquals(cores + 1, g.get("workers").asInt());
    assertEquals(cores, g.get("cores").asInt(), "the cores the JVM saw, next to the workers");
    assertTrue(r.out().contains("WARNING: " + n + " workers on " + cores + " cores"), r.out());
    Cli report = Cli.run("report", dir.toString());
    assertEquals(r.out(), report.out(), "the report reads the warning back from result.json");
  }

  @Test
  void oneWorkerGivesNoCoresWarning() {
    Cli r = Cli.run("run", server.url() + "/", "-R", "200", "-d", "1s", "-t", "1", "-q");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(!r.err().contains("warning"), r.toString());
    assertTrue(!r.out().contains("cores:"), r.toString());
  }

  @Test
  void closedModelRunsWithoutErrors() {
    Cli r =
        Cli.run(
            "run",
            server.url() + "/",
            "--closed",
            "-c",
            "8",
            "-d",
            "1s",
            "-q",
            "--assert",
            "errors <= 0");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("closed model"), r.toString());
  }

  @Test
  void anExactErrorCountPassesOnAHealthyRun(@TempDir Path dir) throws Exception {
    Cli r =
        Cli.run(
            "run",
            server.url() + "/",
            "-R",
            "200",
            "-d",
            "1s",
            "-q",
            "--assert",
            "errors == 0",
            "--assert",
            "p99 < 1m",
            "--out",
            dir.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("PASS  errors == 0"), r.toString());
    assertTrue(r.out().contains("PASS  p99 < 1m"), r.toString());
    JsonNode j = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
    assertEquals("errors == 0", j.get("criteria").get(0).get("expression").asText());
  }

  @Test
  void unwritableResultPathIsRefusedBeforeTheRun(@TempDir Path dir) throws Exception {
    Path blocker = dir.resolve("file");
    Files.writeString(blocker, "x");
    Cli r =
        Cli.run(
            "run",
            server.url() + "/",
            "-R",
            "10",
            "-d",
            "10s",
            "-q",
            "--json",
            blocker.resolve("r.json").toString());
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith("harness: cannot create directory"), r.toString());
    assertTrue(r.out().isEmpty(), "nothing ran: " + r);
  }

  @Test
  void aTickOverTheLimitIsRefusedInOneLine() {
    Cli r = Cli.run("run", server.url() + "/", "-R", "10", "-d", "1s", "-q", "--tick", "20ms");
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals(
        "harness: --tick must be between 0 and 10.00ms, got 20.00ms",
        r.err().strip(),
        r.toString());
    assertTrue(r.out().isEmpty(), "nothing ran: " + r);
  }
}
