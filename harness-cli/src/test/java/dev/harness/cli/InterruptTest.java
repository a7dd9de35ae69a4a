package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.target.TargetServer;
import dev.harness.engine.testkit.Await;
import dev.harness.engine.testkit.TargetExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real `harness run` process stopped by a signal mid-run still prints its summary and writes a
 * complete result marked interrupted, and exits 130.
 */
class InterruptTest {
  // An instance field: a target per test, whose request count is that test's child's alone.
  @RegisterExtension final TargetExtension target = TargetExtension.withDefaults();

  private static Process startRun(TargetServer server, Path json, Path out) throws Exception {
    List<String> cmd =
        ChildHarness.command(
            "run", server.url() + "/", "-R", "200", "-d", "60s", "-q", "--json", json.toString());
    return new ProcessBuilder(cmd)
        .redirectOutput(out.toFile())
        .redirectErrorStream(false)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** Waits until the child has been sending load for a while (the target counts its requests). */
  private static void awaitLoad(TargetServer server, long requests) throws InterruptedException {
    Await.until(
        "the child sent " + requests + " requests", () -> server.requestsServed() >= requests);
  }

  private static void assertInterruptedResult(Process p, Path json, Path out) throws Exception {
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child ended after the signal");
    assertEquals(130, p.exitValue(), "exit code; output:\n" + Files.readString(out));
    String summary = Files.readString(out);
    assertTrue(summary.contains("verdict: INTERRUPTED"), summary);
    JsonNode j = new ObjectMapper().readTree(json.toFile());
    assertEquals("interrupted", j.get("verdict").asText());
    assertTrue(j.get("requests").asLong() > 0, "the part that ran is in the result");
    assertEquals(
        j.get("scheduled").asLong(), j.get("requests").asLong(), "every arrival accounted for");
    // Below the 60 s asked for, however slowly a busy machine got to the signal.
    assertTrue(
        j.get("durationSeconds").asDouble() < 60,
        "duration is what ran: " + j.get("durationSeconds"));
  }

  @Test
  void sigintWritesTheResultMarkedInterrupted(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("r.json");
    Path out = dir.resolve("out.txt");
    Process p = startRun(target.server(), json, out);
    awaitLoad(target.server(), 300);
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    assertInterruptedResult(p, json, out);
  }

  @Test
  void sigtermWritesTheResultMarkedInterrupted(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("r.json");
    Path out = dir.resolve("out.txt");
    Process p = startRun(target.server(), json, out);
    awaitLoad(target.server(), 300);
    p.destroy(); // SIGTERM
    assertInterruptedResult(p, json, out);
  }
}
