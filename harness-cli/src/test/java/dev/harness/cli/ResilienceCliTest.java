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

/** {@code harness run --fault/--slo/--abort-on}, as a user runs it, against the embedded target. */
class ResilienceCliTest {
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  @Tag("timing")
  @Test
  void faultWindowGoesThroughTheProxyAndIntoTheResult(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("r.json");
    Cli r =
        Cli.run(
            "run",
            target.url() + "/",
            "-R",
            "200",
            "-d",
            "3s",
            "-q",
            "--fault",
            "at=1s,for=1s,status 503",
            "--slo",
            // Not 1%: the seconds are cut when the sampler gets to them, and on a busy machine a
            // few 503s of the window's last milliseconds land in the next second (2 of its 200
            // were enough to fail 'errors < 1%' and leave the fault unrecovered).
            "errors < 10%",
            "--assert",
            "recovery < 2s",
            "--json",
            json.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("status 503"), r.out());
    assertTrue(r.out().contains("PASS  recovery < 2s"), r.out());
    JsonNode res = SavedResult.resilience(json);
    assertEquals("slo", res.get("sloSource").asText());
    JsonNode f = res.get("faults").get(0);
    assertEquals("status 503", f.get("fault").asText());
    assertTrue(f.get("outcomes").get("5xx").asLong() >= 180, f.toString());
    assertTrue(f.get("recovered").asBoolean(), f.toString());
    assertEquals(3, res.get("secondsJudged").asLong(), res.toString());
  }

  @Tag("timing")
  @Test
  void abortOnStopsEarlyWithExit5AndAResultMarkedAborted(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("r.json");
    Cli r =
        Cli.run(
            "run",
            target.url() + "/",
            "-R",
            "200",
            "-d",
            "20s",
            "-q",
            "--fault",
            "at=0s,for=20s,status 500",
            "--abort-on",
            "errors > 10%",
            "--json",
            json.toString());
    assertEquals(Main.ABORTED, r.exitCode(), r.toString());
    assertTrue(r.out().contains("verdict: ABORTED"), r.out());
    JsonNode j = SavedResult.read(json);
    assertEquals("aborted", j.get("verdict").asText());
    assertEquals("errors > 10%", j.get("resilience").get("abort").get("criterion").asText());
    // Well before the 20 s asked for; how soon depends on how busy the machine is.
    assertTrue(
        j.get("durationSeconds").asDouble() < 15, "stopped early: " + j.get("durationSeconds"));
    assertEquals(j.get("scheduled").asLong(), j.get("requests").asLong(), "all accounted for");
  }

  @Test
  void badFaultFlagsExit2WithOneLine() {
    Cli r = Cli.run("run", "http://127.0.0.1:1/", "-R", "10", "--fault", "at=1s,for=2s,jam");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().strip().startsWith("harness: fault 'jam': unknown fault"), r.toString());
    Cli slo = Cli.run("run", "http://127.0.0.1:1/", "-R", "10", "--slo", "p95 < 3ms");
    assertEquals(2, slo.exitCode(), slo.toString());
    assertTrue(slo.err().contains("cannot be judged on one second"), slo.toString());
    Cli late =
        Cli.run(
            "run", "http://127.0.0.1:1/", "-R", "10", "-d", "2s", "--fault", "at=5s,for=1s,reset");
    assertEquals(2, late.exitCode(), late.toString());
    assertTrue(late.err().contains("starts after the run ends (2.00s"), late.toString());
  }
}
