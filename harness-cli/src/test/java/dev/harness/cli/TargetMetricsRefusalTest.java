package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Criteria and flags on the target's metrics that cannot be judged are refused before a run. */
class TargetMetricsRefusalTest {
  @Test
  void aCriterionOnTheTargetWithoutItsMetricsIsRefusedBeforeTheRun() {
    String[][] cases = {
      {"--assert", "target.cpu < 80%", "add --target-metrics URL"},
      {"--target-metric", "jvm_threads_live_threads", "--target-metric needs --target-metrics"},
      {"--target-metrics-interval", "1s", "--target-metrics-interval needs --target-metrics"},
    };
    for (String[] c : cases) {
      Cli r = Cli.run("run", "http://127.0.0.1:9/", "-R", "10", "-d", "1s", c[0], c[1]);
      assertEquals(2, r.exitCode(), r.toString());
      assertTrue(r.err().contains(c[2]), r.toString());
      assertEquals(1, r.err().strip().lines().count(), "one line: " + r);
    }
  }

  @Test
  void aCriterionOnASeriesNotRecordedIsRefusedBeforeTheRun() {
    Cli r =
        Cli.run(
            "run",
            "http://127.0.0.1:9/",
            "-R",
            "10",
            "-d",
            "1s",
            "--target-metrics",
            "http://127.0.0.1:9/metrics",
            "--assert",
            "target.metric{name=jvm_threads_live_threads} < 100");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("series 'jvm_threads_live_threads' is not recorded"), r.toString());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r);
  }
}
