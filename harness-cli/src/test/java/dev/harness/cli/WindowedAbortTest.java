package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harness.engine.testkit.TargetExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --abort-on 'COND over WINDOW'}: judged on the last seconds of the series, so errors that
 * start late stop the run within about the window, where the same condition on everything measured
 * so far would wait until the bad seconds outweigh the good ones.
 */
class WindowedAbortTest {
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  /**
   * Every answer fails from 10 s on. On everything so far, 'errors > 50%' would hold only after 20
   * s (10 good seconds, then 10 bad); over 3 s it holds within window + 5 s of the onset.
   */
  @Tag("timing")
  @Test
  void errorsStartingMidRunAbortWithinTheWindowOfTheOnset(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("r.json");
    Cli r =
        Cli.run(
            "run",
            target.url() + "/",
            "-R",
            "500",
            "-d",
            "30s",
            "-q",
            "--fault",
            "at=10s,for=20s,status 503",
            "--abort-on",
            "errors > 50% over 3s",
            "--json",
            json.toString());
    assertEquals(Main.ABORTED, r.exitCode(), r.toString());
    JsonNode j = SavedResult.read(json);
    JsonNode abort = j.get("resilience").get("abort");
    assertEquals("errors > 50% over 3s", abort.get("criterion").asText());
    double at = abort.get("atSeconds").asDouble();
    assertTrue(at > 10 && at <= 18, "aborted within 3 s + 5 s of the onset at 10 s: " + at);
    assertTrue(r.out().contains("'errors > 50% over 3s' held"), r.out());
  }

  @Test
  void aWindowIsRefusedWhereItMeansNothing() {
    Cli assertion =
        Cli.run("run", "http://127.0.0.1:1/", "-R", "10", "--assert", "errors < 1% over 10s");
    assertEquals(2, assertion.exitCode(), assertion.toString());
    assertTrue(assertion.err().contains("'over' windows are for abort-on"), assertion.err());
    Cli slo = Cli.run("run", "http://127.0.0.1:1/", "-R", "10", "--slo", "p99 < 5ms over 1500ms");
    assertEquals(2, slo.exitCode(), slo.toString());
    assertTrue(slo.err().contains("whole seconds"), slo.err());
    Cli half =
        Cli.run("run", "http://127.0.0.1:1/", "-R", "10", "--abort-on", "errors > 5% over 500ms");
    assertEquals(2, half.exitCode(), half.toString());
    assertTrue(half.err().contains("whole seconds"), half.err());
    Cli recovery =
        Cli.run("run", "http://127.0.0.1:1/", "-R", "10", "--abort-on", "recovery > 5s over 10s");
    assertEquals(2, recovery.exitCode(), recovery.toString());
    assertEquals(1, recovery.err().strip().lines().count(), recovery.err());
  }
}
