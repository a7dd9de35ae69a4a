package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with a health probe and no SLO of its own: the embedded target stopped mid-run and started
 * again on the same port about 3 s later makes one outage of the probe's failed polls, with its
 * recovery, judged by {@code recovery} and listed by every report.
 */
class ProbeOutageTest {

  @Tag("timing")
  @Test
  void failedProbePollsAreOneOutageWithItsRecovery(@TempDir Path dir) throws Exception {
    RestartingTarget target = new RestartingTarget();
    int port = target.port();
    Path out = dir.resolve("out");
    String base = "http://127.0.0.1:" + port;
    CompletableFuture<Cli> run =
        CompletableFuture.supplyAsync(
            () ->
                Cli.run(
                    "run",
                    base + "/",
                    "-R",
                    "200",
                    "-d",
                    "11s",
                    "-q",
                    "--probe",
                    base + "/health",
                    "--probe-interval",
                    "500ms",
                    "--recovery-hold",
                    "2s",
                    "--assert",
                    "recovery < 10s",
                    "--assert",
                    "availability >= 99.9%",
                    "--out",
                    out.toString()));
    try {
      target.restartAfter(400, 3000);
      Cli r = run.get(60, TimeUnit.SECONDS);
      assertEquals(1, r.exitCode(), "availability fails, recovery passes: " + r);
      assertTrue(r.out().contains("PASS  recovery < 10s"), r.out());
      assertTrue(r.out().contains("of the probe, no fault injected"), r.out());
      assertTrue(r.out().contains("FAIL  availability >= 99.9%"), r.out());

      JsonNode res = SavedResult.resilience(out.resolve("result.json"));
      JsonNode outages = res.get("outages");
      assertEquals(1, outages.size(), "one outage: " + res);
      JsonNode o = outages.get(0);
      assertEquals("probe", o.get("source").asText(), o.toString());
      double length = o.get("lengthSeconds").asDouble();
      // 3 s down, polled every 500 ms: the poll that found it down first to the one that found
      // it back, give or take a poll at each end.
      assertTrue(length >= 2 && length <= 5, "about 3 s: " + o);
      assertTrue(o.get("recovered").asBoolean(), o.toString());
      assertTrue(o.get("recoverySeconds").asDouble() < 10, o.toString());

      Cli report = Cli.run("report", out.toString());
      assertEquals(0, report.exitCode(), report.toString());
      assertTrue(report.out().contains("probe ok again"), report.out());
      assertTrue(report.out().contains("(failed probe polls)"), report.out());
    } finally {
      target.close();
    }
  }
}
