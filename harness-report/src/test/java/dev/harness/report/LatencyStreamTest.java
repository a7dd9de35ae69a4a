package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.time.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * latency.hlog streamed while the run lasts: each second is on disk as soon as it is written, a log
 * cut off by a crash reads back up to its last whole line, and a finished one reads as a complete
 * log.
 */
class LatencyStreamTest {

  private static void seconds(LatencyStream s, int n) {
    for (int k = 0; k < n; k++) {
      Histogram h = Results.histogram(10, Results.MS);
      s.onInterval(
          new IntervalStats(
              k * Results.S, (k + 1) * Results.S, 0, 0, OutcomeCounts.empty(), 0, 0, 0, 0),
          h,
          Map.of("home", h));
    }
  }

  @Test
  void eachSecondIsOnDiskAndACutLogReadsUpToItsLastWholeLine(@TempDir Path dir) throws Exception {
    RunResult result = Results.result();
    Path file = dir.resolve("latency.hlog");
    LatencyStream s = LatencyStream.open(file, "run-1");
    s.start(result.startedAt());
    seconds(s, 5);
    // Not closed: what a killed process leaves.
    List<String> lines = Files.readAllLines(file);
    assertTrue(lines.contains("#harness run id run-1"), lines.toString());
    assertEquals("run-1", LatencyLog.runId(file));
    assertThrows(InvalidInputException.class, () -> LatencyLog.read(file), "not a complete log");
    assertEquals(5, LatencyLog.readPartial(file).byName(List.of("home")).get("home").size());

    // A crash in the middle of the sixth second's line.
    String text = Files.readString(file);
    Files.writeString(
        file, text + "5.000,1.000,10.000,HISTFAAAACR4nJNpmSzMwMDAx", StandardCharsets.UTF_8);
    assertEquals(5, LatencyLog.readPartial(file).byName(List.of("home")).get("home").size());
    s.close();
  }

  @Test
  void aFinishedLogIsComplete(@TempDir Path dir) throws Exception {
    RunResult result = Results.result();
    Path file = dir.resolve("latency.hlog");
    LatencyStream s = LatencyStream.open(file, "run-2");
    s.start(result.startedAt());
    seconds(s, 3);
    s.finish(result);
    LatencyLog.Contents c = LatencyLog.read(file);
    assertEquals(
        result.measured().response().getTotalCount(), c.response().getTotalCount(), "summaries");
    assertEquals(3, c.byName(List.of("home")).get("home").size());
    assertFalse(
        Files.readString(file).contains("Tag=home,"),
        "one name: no tagged line repeats the untagged one");
  }
}
