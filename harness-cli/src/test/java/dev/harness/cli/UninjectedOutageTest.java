package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded target stopped mid-run and started again on the same port about 3 s later, with no
 * {@code --fault}: the run finds the outage in its own series, reports its window and recovery, and
 * judges {@code recovery} and {@code availability} on it.
 */
class UninjectedOutageTest {

  @Tag("timing")
  @Test
  void aTargetRestartedMidRunIsOneOutageWithItsRecovery(@TempDir Path dir) throws Exception {
    RestartingTarget target = new RestartingTarget();
    int port = target.port();
    Path out = dir.resolve("out");
    CompletableFuture<Cli> run =
        CompletableFuture.supplyAsync(
            () ->
                Cli.run(
                    "run",
                    "http://127.0.0.1:" + port + "/",
                    "-R",
                    "300",
                    "-d",
                    "11s",
                    "-q",
                    // Recovered once the SLO holds 2 s again (5 s by default): the run can end
                    // sooner.
                    "--recovery-hold",
                    "2s",
                    "--assert",
                    "recovery < 10s",
                    "--assert",
                    "availability >= 99.9%",
                    "--out",
                    out.toString()));
    try {
      // Let the load run two seconds (the target counts what it served), then stop the target.
      target.restartAfter(600, 3000);
      Cli r = run.get(60, TimeUnit.SECONDS);
      // Exit 1: availability failed; recovery passed.
      assertEquals(1, r.exitCode(), r.toString());
      assertTrue(r.out().contains("PASS  recovery < 10s"), r.out());
      assertTrue(r.out().contains("FAIL  availability >= 99.9%"), r.out());
      assertTrue(r.out().contains("outage "), r.out());

      JsonNode res = SavedResult.resilience(out.resolve("result.json"));
      JsonNode outages = res.get("outages");
      assertEquals(1, outages.size(), "one outage: " + res);
      JsonNode o = outages.get(0);
      double length = o.get("lengthSeconds").asDouble();
      // 3 s down, on a one-second grid: the seconds in which it stopped and came back count.
      assertTrue(length >= 3 && length <= 5, "about 3 s: " + o);
      assertTrue(o.get("recovered").asBoolean(), o.toString());
      assertTrue(o.get("recoverySeconds").asDouble() < 10, o.toString());
      assertTrue(res.get("faults").isEmpty(), "nothing injected");

      Cli report = Cli.run("report", out.toString());
      assertEquals(0, report.exitCode(), report.toString());
      assertTrue(report.out().contains("outage "), report.out());
      assertFalse(report.out().contains("no fault in the run"), report.out());
    } finally {
      target.close();
    }
  }
}
