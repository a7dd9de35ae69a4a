package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.testkit.Await;
import dev.harness.engine.testkit.TargetExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shards run as separate processes on loopback with one {@code --start-at}, then {@code harness
 * merge}: the merged result is the whole test's; a missing or killed shard is named.
 */
@Tag("timing") // shards start at a wall-clock instant and must reach it within the tolerance
class MergeCliTest {
  @RegisterExtension final TargetExtension target = TargetExtension.withDefaults();

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Starts shard k of n as a child JVM; JVM start and JIT warm-up get 15 s before the start (a few
   * s even on a loaded 2-core machine).
   */
  private Process shard(Path dir, int k, int n, Instant at, String rate, String duration)
      throws Exception {
    List<String> cmd =
        ChildHarness.command(
            "run",
            target.url() + "/",
            "-R",
            rate,
            "-d",
            duration,
            "-c",
            "16",
            "--shard",
            k + "/" + n,
            "--start-at",
            at.toString(),
            "--start-tolerance",
            "1s",
            "--assert",
            "errors < 1%",
            "-q",
            "--checkpoint",
            "1s",
            "--out",
            dir.resolve("shard-" + k).toString());
    return new ProcessBuilder(cmd)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(dir.resolve("err-" + k + ".txt").toFile())
        .start();
  }

  private static JsonNode result(Path dir) throws Exception {
    return JSON.readTree(dir.resolve("result.json").toFile());
  }

  @Test
  void twoShardProcessesMergeIntoTheWholeTest(@TempDir Path dir) throws Exception {
    Instant at = Instant.now().plusSeconds(15);
    List<Process> ps = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      ps.add(shard(dir, k, 2, at, "2000", "10s"));
    }
    for (int k = 0; k < 2; k++) {
      assertTrue(ps.get(k).waitFor(90, TimeUnit.SECONDS), "shard " + k + " ended");
      assertTrue(
          List.of(0, 3).contains(ps.get(k).exitValue()),
          "shard " + k + ": " + Files.readString(dir.resolve("err-" + k + ".txt")));
      long sent = result(dir.resolve("shard-" + k)).get("scheduled").asLong();
      assertTrue(Math.abs(sent - 10_000) <= 10, "shard " + k + " sent half: " + sent);
    }
    Path merged = dir.resolve("merged");
    Cli c =
        Cli.run(
            "merge",
            dir.resolve("shard-0").toString(),
            dir.resolve("shard-1").toString(),
            "--out",
            merged.toString());
    JsonNode j = result(merged);
    assertTrue(List.of(0, 3).contains(c.exitCode()), c.toString());
    long requests = j.get("requests").asLong();
    assertTrue(Math.abs(requests - 20_000) <= 100, "merged requests " + requests);
    double rate = j.get("offeredRate").asDouble();
    assertTrue(Math.abs(rate - 2000) <= 20, "merged rate " + rate);
    assertEquals(at.toString(), j.get("startedAt").asText());
    assertEquals("errors < 1%", j.get("criteria").get(0).get("expression").asText(), j.toString());
    assertEquals(2, j.get("merge").get("shards").size(), j.get("merge").toString());
    assertTrue(Files.isRegularFile(merged.resolve("report.html")));

    Cli alone = Cli.run("merge", dir.resolve("shard-0").toString());
    assertEquals(Main.INVALID, alone.exitCode(), alone.toString());
    assertTrue(alone.err().contains("shard 1 of 2 is missing"), alone.toString());
  }

  @Test
  void aShardKilledMidRunMakesTheMergeInvalidOrPartial(@TempDir Path dir) throws Exception {
    Instant at = Instant.now().plusSeconds(15);
    Process s0 = shard(dir, 0, 2, at, "1000", "8s");
    Process s1 = shard(dir, 1, 2, at, "1000", "8s");
    try {
      Await.until(
          "3 s of the shards' load (connections are primed before the start: not > 0)",
          () -> target.server().requestsServed() > 3000,
          TimeUnit.SECONDS.toMillis(60));
      long began = System.nanoTime();
      Await.until(
          "2 s more",
          () -> System.nanoTime() - began > TimeUnit.SECONDS.toNanos(2),
          TimeUnit.SECONDS.toMillis(20));
    } finally {
      s1.destroyForcibly(); // SIGKILL, this child only
    }
    assertTrue(s0.waitFor(60, TimeUnit.SECONDS), "shard 0 ended");
    s1.waitFor(30, TimeUnit.SECONDS);
    String d0 = dir.resolve("shard-0").toString();
    String d1 = dir.resolve("shard-1").toString();

    Cli invalid = Cli.run("merge", d0, d1);
    assertEquals(Main.INVALID, invalid.exitCode(), invalid.toString());
    assertTrue(invalid.err().contains("shard 1 (" + d1 + ") did not finish"), invalid.toString());

    Path out = dir.resolve("partial");
    Cli partial = Cli.run("merge", d0, d1, "--allow-partial", "1", "--out", out.toString());
    assertEquals(Main.INVALID, partial.exitCode(), partial.toString());
    JsonNode j = result(out);
    assertEquals("partial", j.get("verdict").asText(), j.get("reason").asText());
    assertTrue(j.get("reason").asText().contains("1 of 2 shards"), j.get("reason").asText());

    Cli accepted = Cli.run("merge", d0, d1, "--allow-partial", "1", "--accept-partial");
    assertTrue(List.of(0, 1).contains(accepted.exitCode()), accepted.toString());
  }
}
