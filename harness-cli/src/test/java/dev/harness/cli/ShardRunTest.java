package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.testkit.TargetExtension;
import dev.harness.engine.time.InvalidInputException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --shard K/N --start-at}: a shard's part of the load, its record, its refusals. */
class ShardRunTest {
  @RegisterExtension final TargetExtension target = TargetExtension.withDefaults();

  @Test
  @Tag("timing") // its start instant is on the wall clock
  void shardSendsItsPartAndRecordsItselfWithoutJudgingTheWholeTestsCriteria(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("s1");
    Instant at = Instant.now().plusSeconds(3);
    Cli c =
        Cli.run(
            "run",
            target.url() + "/",
            "-R",
            "300",
            "-d",
            "2s",
            "--shard",
            "1/3",
            "--start-at",
            at.toString(),
            "--start-tolerance",
            "2s",
            "-q",
            "--assert",
            "rps >= 300",
            "--out",
            out.toString());
    assertEquals(0, c.exitCode(), c.toString());
    JsonNode j = new ObjectMapper().readTree(out.resolve("result.json").toFile());
    assertEquals(200, j.get("scheduled").asLong(), "arrivals 1, 4, 7, ... of 600");
    assertEquals(0, j.get("criteria").size(), "criteria are the merge's to judge");
    JsonNode s = j.get("shard");
    assertEquals(1, s.get("index").asInt());
    assertEquals(3, s.get("count").asInt());
    assertEquals(at.toString(), s.get("startAt").asText());
    assertEquals(at.toString(), j.get("startedAt").asText(), "time zero is the common start");
    assertTrue(s.get("startLagMs").asDouble() >= 0, s.toString());
    assertEquals("rps >= 300", s.get("criteria").get(0).asText());
    assertTrue(s.get("scenarioHash").asText().startsWith("sha256:"), s.toString());
  }

  @Test
  void shardLateBeyondItsToleranceRefusesWithItsOwnExitCode() {
    Cli c =
        Cli.run(
            "run",
            target.url() + "/",
            "-R",
            "100",
            "-d",
            "1s",
            "--shard",
            "0/2",
            "--start-at",
            "2020-01-01T00:00:00Z");
    assertEquals(Main.LATE_START, c.exitCode(), c.toString());
    assertEquals(1, c.err().strip().lines().count(), c.toString());
    assertTrue(c.err().contains("shard 0/2") && c.err().contains("late"), c.toString());
    assertEquals(0, target.server().requestsServed(), "nothing sent");
  }

  @Test
  void badShardsAreOneLineUsageErrors() {
    for (String bad : new String[] {"2/2", "-1/2", "1", "a/b", "0/0"}) {
      Cli c = Cli.run("run", target.url() + "/", "-R", "10", "-d", "1s", "--shard", bad);
      assertEquals(Main.USAGE, c.exitCode(), bad + ": " + c);
      assertEquals(1, c.err().strip().lines().count(), bad + ": " + c);
    }
    Cli c = Cli.run("run", target.url() + "/", "-R", "10", "--start-at", "tomorrow");
    assertEquals(Main.USAGE, c.exitCode(), c.toString());
    assertTrue(c.err().contains("ISO-8601"), c.toString());
  }

  @Test
  void shardFromEnvReadsTheJobIndexAndTheShardCount() {
    ShardOptions o = new ShardOptions();
    o.fromEnv = true;
    o.env = name -> name.equals(ShardOptions.INDEX_ENV) ? "3" : "5";
    assertArrayEquals(new int[] {3, 5}, o.kOfN());
    o.env = name -> name.equals(ShardOptions.INDEX_ENV) ? "3" : null;
    InvalidInputException e = assertThrows(InvalidInputException.class, o::kOfN);
    assertTrue(e.getMessage().contains(ShardOptions.COUNT_ENV), e.getMessage());
  }
}
